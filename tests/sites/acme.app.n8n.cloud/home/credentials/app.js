// A copy of n8n's credential modal for the OpenAI API credential
// (reference/providers.md §2.7): Vue 3 + Element Plus, an el-dialog with
// data-test-id="editCredential-modal", parameter inputs wrapped in
// data-test-id="parameter-input-<name>" with the input itself marked
// "parameter-input-field", labels rendered as text above the input (not
// <label for>), and a saved secret shown as n8n's blanked placeholder.
const BLANK = '__n8n_BLANK_VALUE_e5362baf-c777-4d57-a609-6eaf1f9e87f6';

const app = Vue.createApp({
  data: () => ({
    open: false,
    name: 'OpenAi account',
    apiKey: '',
    organizationId: '',
    url: 'https://api.openai.com/v1',
    saved: null,
  }),
  methods: {
    create() {
      Object.assign(this, { open: true, name: 'OpenAi account', apiKey: '', organizationId: '' });
    },
    openSaved() {
      // A saved secret never comes back to the browser.
      Object.assign(this, { open: true, name: 'OpenAi account 2', apiKey: BLANK, organizationId: '' });
    },
    save() {
      this.saved = { name: this.name, apiKey: this.apiKey, organizationId: this.organizationId, url: this.url };
      this.open = false;
    },
  },
  template: `
    <div class="layout">
      <nav>n8n</nav>
      <main>
        <h1>Credentials</h1>
        <el-input placeholder="Search credentials..." data-test-id="resources-list-search" style="width: 260px" />
        <p>
          <el-button type="primary" @click="create">Create credential</el-button>
          <el-button @click="openSaved">Open OpenAi account 2</el-button>
        </p>
        <output v-if="saved" aria-label="Saved credential">{{ JSON.stringify(saved) }}</output>
      </main>
    </div>
    <el-dialog v-model="open" width="620px" data-test-id="editCredential-modal" :show-close="true">
      <template #header>
        <span class="credential-name" data-test-id="credential-name">{{ name }}</span>
        <div>OpenAI API</div>
      </template>
      <div data-test-id="credential-edit-dialog">
        <div class="n8n-input-label">API Key</div>
        <div data-test-id="parameter-input-apiKey">
          <el-input v-model="apiKey" type="password" data-test-id="parameter-input-field" autocomplete="off" />
        </div>
        <div class="n8n-input-label">Organization ID (optional)</div>
        <div data-test-id="parameter-input-organizationId">
          <el-input v-model="organizationId" data-test-id="parameter-input-field" />
        </div>
        <div class="n8n-input-label">Base URL</div>
        <div data-test-id="parameter-input-url">
          <el-input v-model="url" data-test-id="parameter-input-field" />
        </div>
      </div>
      <template #footer>
        <el-button type="primary" data-test-id="credential-save-button" @click="save">Save</el-button>
      </template>
    </el-dialog>`,
});
app.use(ElementPlus);
app.mount('#app');
