# A Gradio app as Gradio's users write one: Blocks with a password Textbox
# for the OpenAI key and a Save button, and a chat below whose history asks
# for the key; with --login, Gradio's own login page first. The end-to-end
# suite starts it with the real Gradio from PyPI (tests/apps/requirements.txt).
# It shows only the key's last four characters, which Baton's hints show too.
import argparse

import gradio as gr

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--login", action="store_true")
args = parser.parse_args()


def save(key):
    return f"Saved, ending {key[-4:]}" if key else "No key given"


with gr.Blocks(title="Voice studio settings") as demo:
    gr.Markdown("## Settings")
    key = gr.Textbox(label="OpenAI API key", type="password", placeholder="sk-...")
    status = gr.Markdown()
    gr.Button("Save").click(save, key, status)
    gr.Chatbot(value=[{"role": "assistant", "content": "Add your OpenAI API key in Settings first."}])
    gr.Textbox(placeholder="Type a message...", show_label=False)

demo.launch(
    server_name="127.0.0.1",
    server_port=args.port,
    auth=("editor", "studio-pass") if args.login else None,
)
