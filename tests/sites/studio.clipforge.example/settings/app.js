// An Angular app's settings page, compiled in the browser (JIT): a reactive
// form whose controls hold what the user typed only if Angular saw it, as
// its DefaultValueAccessor listens for `input` events. Saving shows the
// form's model, so a test proves Angular received the key.
import '@angular/compiler';
import { Component, provideZonelessChangeDetection, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';

class IntegrationsPage {
  form = new FormGroup({
    search: new FormControl(''),
    provider: new FormControl('OpenAI'),
    apiKey: new FormControl(''),
  });
  saved = signal('');

  save() {
    this.saved.set(JSON.stringify(this.form.getRawValue()));
    // Angular apps clear a secret once it is stored.
    this.form.controls.apiKey.reset('');
  }
}

Component({
  selector: 'app-root',
  imports: [ReactiveFormsModule],
  template: `
    <h1>Integrations</h1>
    <form [formGroup]="form" (ngSubmit)="save()">
      <label>Search <input type="search" formControlName="search" placeholder="Search integrations"></label>
      <label>Provider <input type="text" formControlName="provider"></label>
      <label>Secret key <input type="password" formControlName="apiKey" name="apiKey" placeholder="sk-..."></label>
      <button type="submit">Save integration</button>
    </form>
    <output aria-label="Saved integration">{{ saved() }}</output>
  `,
})(IntegrationsPage);

bootstrapApplication(IntegrationsPage, { providers: [provideZonelessChangeDetection()] });
