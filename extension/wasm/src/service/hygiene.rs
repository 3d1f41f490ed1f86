//! The dashboard check: a provider dashboard's keys table, reported by the
//! content script, gets baton-core's findings. The page gets the findings'
//! words for its row markers; the popup (per tab) and the manager (per
//! provider) get the whole report, with the vault's labels, from session
//! storage, which the lock clears.

use std::collections::BTreeMap;

use baton_core::detect::provider_dashboard;
use baton_core::hygiene::{
    admin_provider, check_dashboard, explanation, merge_page, old_key_uses, read_table, DashboardReport, DashboardRow,
    Finding, KeysTable,
};
use baton_core::keys::Provider;
use baton_core::rotation::{RotationError, UseSource};
use baton_core::secret::Secret;
use baton_core::vault::{Event, Id, VaultData};
use baton_core::Millis;
use serde::{Deserialize, Serialize};

use super::platforms::unavailable;
use super::{answer, Service};
use crate::caller::ContentFrame;
use crate::error::{ApiError, ErrorCode};
use crate::platform::{Area, Platform};
use crate::protocol::answers::{Asked, Marker, Markers, Token};
use crate::protocol::Answer;
use crate::session::{Session, DASHBOARD_REPORTS_KEY};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Reports {
    /// By tab id, for the popup.
    tabs: BTreeMap<String, StoredReport>,
    /// By provider, for the manager's Dashboard check.
    providers: BTreeMap<String, StoredReport>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct StoredReport {
    provider_name: String,
    /// The dashboard page, without query or fragment.
    url: String,
    at: Millis,
    /// Every key row seen on the page, across its pages of results.
    rows: Vec<DashboardRow>,
    provider: Provider,
    /// For a check through an admin API: the vault's admin key that made it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    admin_key_id: Option<Id>,
}

fn admin_report_id(provider: Provider) -> String {
    format!("{}-admin", provider.id())
}

fn stale_check() -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, "That key is not in the last check. Check the organisation again.")
}

/// A stored report as pages get it: its rows checked against the vault as
/// it is now (a key rotated since is "Revoke (already rotated)" at once).
#[derive(Debug, Serialize)]
struct ReportView<'a> {
    provider_name: &'a str,
    url: &'a str,
    at: Millis,
    report: DashboardReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    admin_key_id: Option<&'a Id>,
}

impl StoredReport {
    fn view(&self, data: &VaultData, now: Millis) -> ReportView<'_> {
        ReportView {
            provider_name: &self.provider_name,
            url: &self.url,
            at: self.at,
            report: check_dashboard(data, self.provider, &self.rows, now),
            admin_key_id: self.admin_key_id.as_ref(),
        }
    }
}

impl<P: Platform> Service<P> {
    pub(super) async fn dashboard_table(
        &self,
        session: &mut Session,
        table: KeysTable,
        frame: &ContentFrame,
    ) -> Result<Answer, ApiError> {
        let tab_id = frame.tab_id;
        // Only a provider's own dashboard, on its real host over https, is checked.
        let Some((profile, provider)) = provider_dashboard(&frame.frame) else {
            return answer(Markers::default());
        };
        let Ok(vault) = session.vault() else { return answer(Markers { markers: Vec::new(), locked: true }) };
        let p = &self.platform;
        let now = p.now();
        let rows = read_table(&table);
        let mut reports = self.reports().await;
        // A table that pages shows some keys at a time: the report covers
        // every key seen on this page so far.
        let address = frame.frame.page();
        let mut seen: Vec<DashboardRow> = reports
            .tabs
            .get(&tab_id.to_string())
            .filter(|r| r.url == address)
            .map(|r| r.rows.clone())
            .unwrap_or_default();
        merge_page(&mut seen, rows.iter().map(|(_, row)| row));
        let uses = old_key_uses(&vault.data, provider, &seen, UseSource::Dashboard, now);
        let report: DashboardReport = check_dashboard(&vault.data, provider, &seen, now);
        let markers: Vec<Marker> = rows
            .iter()
            .filter_map(|(index, row)| {
                let checked = report.rows.iter().find(|r| r.hint == row.hint)?;
                Some(Marker {
                    index: *index,
                    hint: checked.hint.clone(),
                    findings: checked.findings.iter().map(|f: &Finding| f.words()).collect(),
                    needs_a_look: checked.needs_a_look(),
                })
            })
            .collect();
        let stored = StoredReport {
            provider_name: profile.name.to_string(),
            url: address,
            at: now,
            rows: seen,
            provider,
            admin_key_id: None,
        };
        reports.tabs.insert(tab_id.to_string(), stored.clone());
        reports.providers.insert(provider.id().to_string(), stored);
        // Losing a report loses nothing: the next look at the page makes it again.
        if let Ok(text) = serde_json::to_string(&reports) {
            let _ = p.set(Area::Session, DASHBOARD_REPORTS_KEY, &text).await;
        }
        // The dashboard's "last used" of a rotation's old key: the gate's signal.
        let data = &mut session.vault_mut()?.data;
        if data.note_old_key_uses(uses) {
            session.save(p).await?;
        }
        answer(Markers { markers, locked: false })
    }

    /// The explanation of the marker on the row showing `hint`, from what
    /// this tab's keys table last reported: a notice's token. Asked when the
    /// user points at a marker, so no page fills the notices with tokens.
    pub(super) async fn explain_marker(
        &self,
        session: &Session,
        hint: &str,
        frame: &ContentFrame,
    ) -> Result<Answer, ApiError> {
        if provider_dashboard(&frame.frame).is_none() {
            return Err(ApiError::not_allowed());
        }
        let data = &session.vault()?.data;
        let reports = self.reports().await;
        let stored = reports.tabs.get(&frame.tab_id.to_string()).ok_or_else(ApiError::not_allowed)?;
        let report = check_dashboard(data, stored.provider, &stored.rows, self.platform.now());
        let row = report.rows.iter().find(|r| r.hint == hint).ok_or_else(ApiError::not_allowed)?;
        answer(Token { token: self.notice(frame.tab_id, explanation(&row.findings)) })
    }

    /// What the keys table last reported from tab `tab_id` says of the old
    /// keys of rotations in progress (a rotation may have started after the
    /// page showed its table): for the gate, before a revoke dialog's advice.
    pub(super) async fn note_tab_uses(
        &self,
        session: &mut Session,
        tab_id: i64,
        provider: Provider,
    ) -> Result<(), ApiError> {
        let reports = self.reports().await;
        let Some(stored) = reports.tabs.get(&tab_id.to_string()) else { return Ok(()) };
        let data = &mut session.vault_mut()?.data;
        let uses = old_key_uses(data, provider, &stored.rows, UseSource::Dashboard, self.platform.now());
        if data.note_old_key_uses(uses) {
            session.save(&self.platform).await?;
        }
        Ok(())
    }

    /// Lists the organisation's keys through the admin API of the admin key
    /// `key_id` and checks them, as if the dashboard had been opened. The
    /// session is not held while the provider answers (rate limits can make
    /// that a minute).
    pub(super) async fn admin_check(&self, key_id: &Id) -> Result<Answer, ApiError> {
        let p = &self.platform;
        let (admin, provider) = {
            let mut session = self.session.lock().await;
            session.restore(p).await?;
            session.touch(p).await;
            let key = session
                .vault()?
                .data
                .key(key_id)
                .ok_or_else(|| ApiError::new(ErrorCode::InvalidInput, "That key is no longer in the vault."))?;
            let provider = admin_provider(&key.value).ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidInput,
                    "This is not an admin key: only OpenAI and Anthropic admin keys can list an organisation's keys.",
                )
            })?;
            (key.value.clone(), provider)
        };
        let rows = self.crawl(&admin).await?;
        let report = self.store_admin_report(key_id, provider, rows).await?;
        answer(report)
    }

    /// Walks an admin API's pages of keys, without the session: in the
    /// platforms' module, where the admin APIs' requests and answers live
    /// (off the worker's start path and its wasm budget).
    pub(super) async fn crawl(&self, admin: &Secret) -> Result<Vec<DashboardRow>, ApiError> {
        let outcome = self.admin_call("crawl", Some(admin), "", "").await?;
        serde_json::from_str(&outcome.answer).map_err(|_| unavailable())
    }

    /// Asks the admin API (when an admin key of the old key's provider is in
    /// the vault) when rotation `rotation_id`'s old key was last used: the
    /// gate stays closed if something used it after every place had the new
    /// key. Answers whether Baton could ask.
    pub(super) async fn check_old_key_use(&self, rotation_id: &Id) -> Result<Answer, ApiError> {
        let p = &self.platform;
        let admin = {
            let mut session = self.session.lock().await;
            session.restore(p).await?;
            let data = &session.vault()?.data;
            let rotation = data.rotation(rotation_id).ok_or(RotationError::NoSuchRotation)?;
            let provider = data.key(&rotation.old_key).and_then(|k| k.provider);
            data.keys
                .iter()
                .filter(|k| k.stage.in_use())
                .find_map(|k| admin_provider(&k.value).filter(|a| Some(*a) == provider).map(|a| (k.value.clone(), a)))
        };
        let Some((admin, provider)) = admin else { return answer(Asked { asked: false }) };
        let rows = self.crawl(&admin).await?;
        let mut session = self.session.lock().await;
        let data = &mut session.vault_mut()?.data;
        let uses = old_key_uses(data, provider, &rows, UseSource::AdminApi, p.now());
        if data.note_old_key_uses(uses) {
            session.save(p).await?;
        }
        answer(Asked { asked: true })
    }

    /// Checks `rows` listed through `provider`'s admin API and keeps the
    /// report for the manager; a rotation's old key among them tells the
    /// gate when it was last used.
    async fn store_admin_report(
        &self,
        admin_key_id: &Id,
        provider: Provider,
        rows: Vec<DashboardRow>,
    ) -> Result<DashboardReport, ApiError> {
        let p = &self.platform;
        let mut session = self.session.lock().await;
        let now = p.now();
        let data = &mut session.vault_mut()?.data;
        let uses = old_key_uses(data, provider, &rows, UseSource::AdminApi, now);
        if data.note_old_key_uses(uses) {
            session.save(p).await?;
        }
        let report = check_dashboard(&session.vault()?.data, provider, &rows, now);
        let stored = StoredReport {
            provider_name: format!("{} (admin API)", provider.name()),
            url: String::new(),
            at: now,
            rows,
            provider,
            admin_key_id: Some(admin_key_id.clone()),
        };
        let mut reports = self.reports().await;
        reports.providers.insert(admin_report_id(provider), stored);
        if let Ok(text) = serde_json::to_string(&reports) {
            let _ = p.set(Area::Session, DASHBOARD_REPORTS_KEY, &text).await;
        }
        Ok(report)
    }

    /// Takes one key of the last admin check out of service: a key already
    /// rotated, or one the user marks as unidentified. OpenAI deletes it,
    /// Anthropic sets it inactive. The history records it.
    pub(super) async fn admin_revoke(&self, key_id: &Id, api_id: &str, unidentified: bool) -> Result<Answer, ApiError> {
        let p = &self.platform;
        let reports = self.reports().await;
        // The last check's rows, checked again against the vault as it is now.
        let (admin, provider, checked, stored) = {
            let mut session = self.session.lock().await;
            session.restore(p).await?;
            session.touch(p).await;
            let data = &session.vault()?.data;
            let key = data
                .key(key_id)
                .ok_or_else(|| ApiError::new(ErrorCode::InvalidInput, "That key is no longer in the vault."))?;
            let provider = admin_provider(&key.value)
                .ok_or_else(|| ApiError::new(ErrorCode::InvalidInput, "This is not an admin key."))?;
            let stored = reports.providers.get(&admin_report_id(provider)).ok_or_else(stale_check)?;
            let report = check_dashboard(data, provider, &stored.rows, p.now());
            let checked =
                report.rows.into_iter().find(|r| r.api_id.as_deref() == Some(api_id)).ok_or_else(stale_check)?;
            (key.value.clone(), provider, checked, stored)
        };
        checked.revocable.allows(unidentified).map_err(|e| ApiError::new(ErrorCode::NotRevocable, e.to_string()))?;
        let row = stored.rows.iter().find(|r| r.api_id.as_deref() == Some(api_id)).ok_or_else(stale_check)?;
        // Sent by the platforms' module, where the admin APIs' requests live.
        let row = serde_json::to_string(row).map_err(|_| unavailable())?;
        self.admin_call("revoke-row", Some(&admin), "", &format!("\"row\":{row}")).await?;
        {
            let mut session = self.session.lock().await;
            let event = Event::RevokedAtProvider {
                provider: provider.name().into(),
                name: checked.name.clone(),
                hint: checked.hint.clone(),
            };
            session.vault_mut()?.data.record(p.now(), event);
            session.save(p).await?;
        }
        let remaining: Vec<DashboardRow> =
            stored.rows.iter().filter(|r| r.api_id.as_deref() != Some(api_id)).cloned().collect();
        answer(self.store_admin_report(key_id, provider, remaining).await?)
    }

    async fn reports(&self) -> Reports {
        let text = self.platform.get(Area::Session, DASHBOARD_REPORTS_KEY).await.ok().flatten();
        text.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
    }

    /// The report for the dashboard in `tab_id`, if it showed one.
    pub(super) async fn tab_findings(&self, session: &Session, tab_id: i64) -> Result<Answer, ApiError> {
        let data = &session.vault()?.data;
        let now = self.platform.now();
        answer(self.reports().await.tabs.get(&tab_id.to_string()).map(|r| r.view(data, now)))
    }

    /// The last report of each provider's dashboard.
    pub(super) async fn dashboard_reports(&self, session: &Session) -> Result<Answer, ApiError> {
        let data = &session.vault()?.data;
        let now = self.platform.now();
        let reports = self.reports().await;
        answer(reports.providers.values().map(|r| r.view(data, now)).collect::<Vec<_>>())
    }
}
