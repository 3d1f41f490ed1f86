# A Streamlit chatbot as Streamlit's own LLM examples write it: the OpenAI
# key in a password input in the sidebar, applied on Enter; a chat whose
# history asks for the key. The end-to-end suite starts it with the real
# Streamlit from PyPI (tests/apps/requirements.txt). It shows only the key's
# last four characters, which Baton's hints show too.
import streamlit as st

with st.sidebar:
    key = st.text_input("OpenAI API Key", key="chatbot_api_key", type="password")
    "[Get an OpenAI API key](https://platform.openai.com/account/api-keys)"

st.title("Chatbot")
if key:
    st.caption(f"Key received, ending {key[-4:]}")
if "messages" not in st.session_state:
    st.session_state["messages"] = [{"role": "assistant", "content": "How can I help you?"}]
for msg in st.session_state.messages:
    st.chat_message(msg["role"]).write(msg["content"])
if prompt := st.chat_input():
    st.session_state.messages.append({"role": "user", "content": prompt})
    st.chat_message("user").write(prompt)
    if not key:
        reply = "Please add your OpenAI API key to continue. Paste your API key (sk-...) in the sidebar."
        st.session_state.messages.append({"role": "assistant", "content": reply})
        st.chat_message("assistant").write(reply)
