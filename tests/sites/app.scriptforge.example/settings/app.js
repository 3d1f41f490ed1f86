// ScriptForge's integrations page: "Connect OpenAI" opens an Ant Design
// Modal with a Form; the Form's own state is what "Connect" saves.
(() => {
  const { createElement: h, useState } = React;
  const { Button, Form, Input, Modal } = antd;

  // biome-ignore lint/correctness/noComponentHookFactories: a fixture's component lives in its one script's scope.
  function App() {
    const [open, setOpen] = useState(false);
    const [saved, setSaved] = useState(null);
    const [form] = Form.useForm();
    return h(
      'main',
      {},
      h('h1', {}, 'Integrations'),
      h(Button, { type: 'primary', onClick: () => setOpen(true) }, 'Connect OpenAI'),
      h('output', { 'aria-label': 'Saved connection' }, saved ? JSON.stringify(saved) : ''),
      h(
        Modal,
        {
          title: 'Connect OpenAI',
          open,
          okText: 'Connect',
          onOk: () => form.submit(),
          onCancel: () => setOpen(false),
        },
        h(
          Form,
          {
            form,
            layout: 'vertical',
            onFinish: (values) => {
              setSaved({ key: values.apiKey, name: values.name });
              setOpen(false);
            },
          },
          h(Form.Item, { label: 'Connection name', name: 'name', initialValue: 'Narration voice' }, h(Input)),
          h(Form.Item, { label: 'API key', name: 'apiKey', rules: [{ required: true }] }, h(Input.Password)),
        ),
      ),
    );
  }

  ReactDOM.createRoot(document.getElementById('app')).render(h(App));
})();
