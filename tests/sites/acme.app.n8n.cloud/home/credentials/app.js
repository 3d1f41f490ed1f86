// A copy of n8n's credential modal for the OpenAI API credential: Vue 3 +
// Element Plus, an el-dialog with data-test-id="editCredential-modal"; in
// its header the credential's name (data-test-id="credential-name") and the
// Save button (data-test-id="credential-save-button"), outside the form;
// the connection parameters in <form data-test-id=
// "credential-connection-parameter">, which n8n never submits; each input
// wrapped in data-test-id="parameter-input-<name>" and marked
// "parameter-input-field", its label a "title" element above it (not
// <label for>) with a required marker; a saved secret shown as n8n's
// blanked placeholder. As in n8n (its route `home/credentials/:credentialId?`),
// an open credential has its own address, /home/credentials/<id>, and that
// address opens it.
const BLANK = '__n8n_BLANK_VALUE_e5362baf-c777-4d57-a609-6eaf1f9e87f6';

const SAVED_ID = 'kTq8Wm2xR4vLp9Nz';
const LIST = '/home/credentials';

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
      history.replaceState(null, '', `${LIST}/${SAVED_ID}`);
    },
    save() {
      this.saved = { name: this.name, apiKey: this.apiKey, organizationId: this.organizationId, url: this.url };
      this.open = false;
    },
  },
  watch: {
    open(now) {
      if (!now && location.pathname !== LIST) history.replaceState(null, '', LIST);
    },
  },
  mounted() {
    if (location.pathname === `${LIST}/${SAVED_ID}`) this.openSaved();
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
        <div class="credential-header">
          <span class="credential-name" data-test-id="credential-name">{{ name }}</span>
          <div class="credential-type">OpenAI API</div>
          <el-button type="primary" data-test-id="credential-save-button" @click="save">Save</el-button>
        </div>
      </template>
      <div data-test-id="credential-edit-dialog">
        <form data-test-id="credential-connection-parameter" @submit.prevent>
          <div class="n8n-input-label"><div class="title"><span>API Key</span><span class="required"> *</span></div></div>
          <div data-test-id="parameter-input-apiKey">
            <el-input v-model="apiKey" type="password" data-test-id="parameter-input-field" autocomplete="off" />
          </div>
          <div class="n8n-input-label"><div class="title"><span>Organization ID (optional)</span></div></div>
          <div data-test-id="parameter-input-organizationId">
            <el-input v-model="organizationId" data-test-id="parameter-input-field" />
          </div>
          <div class="n8n-input-label"><div class="title"><span>Base URL</span></div></div>
          <div data-test-id="parameter-input-url">
            <el-input v-model="url" data-test-id="parameter-input-field" />
          </div>
        </form>
      </div>
    </el-dialog>`,
});
app.use(ElementPlus);
app.mount('#app');
