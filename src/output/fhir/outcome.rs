//! A result as a FHIR R4 `Bundle` (type `collection`), in the shape the
//! NHS 111 CDS API gives a triage outcome: a `GuidanceResponse` (the
//! decision and why) whose `result` is a `CarePlan` (the self-care plan and
//! its dated steps), with a `ServiceRequest` (R4's successor to the CDS
//! API's `ReferralRequest`) when someone is to be seen, and the
//! `QuestionnaireResponse` they all rest on.
//!
//! Entries are named by `urn:uuid:` UUIDs derived from the content (UUID
//! version 5), so the same answers at the same time give the same Bundle.

use jiff::Timestamp;
use serde_json::{Value, json};
use uuid::Uuid;

use super::response::questionnaire_response;
use super::{BASE, slug, version};
use crate::model::answers::Answers;
use crate::model::fhir::{
    DISPOSITION_SYSTEM, RULE_SYSTEM, STEP_SYSTEM, URGENCY_SYSTEM, disposition_display,
    urgency_display,
};
use crate::model::rule_set::RuleSet;
use crate::model::urgency::Urgency;
use crate::output::report::Report;
use crate::output::summary::banner;

/// Who the plan is for: the answers name no one, so a Reference with words.
const SUBJECT: &str = "The person who answered the questionnaire";

/// The Bundle for a result.
#[must_use]
pub fn bundle(rules: &RuleSet, report: &Report, answers: &Answers, now: Timestamp) -> Value {
    let response = questionnaire_response(rules, answers, Some(now));
    let seed = format!(
        "{}|{now}|{response}|{}",
        version(rules),
        report.plan.headline
    );
    let urn = |what: &str| {
        format!(
            "urn:uuid:{}",
            Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("{seed}|{what}").as_bytes())
        )
    };
    let (response_id, guidance_id, plan_id, request_id) = (
        urn("QuestionnaireResponse"),
        urn("GuidanceResponse"),
        urn("CarePlan"),
        urn("ServiceRequest"),
    );
    let request = service_request(report, now, &response_id);
    let care_plan = care_plan(
        report,
        now,
        &response_id,
        request.as_ref().map(|_| &*request_id),
    );
    let guidance = json!({
        "resourceType": "GuidanceResponse",
        "moduleUri": format!("{BASE}/rules/{}/{}", slug(&rules.id.name), version(rules)),
        "status": "success",
        "occurrenceDateTime": now.to_string(),
        "reasonCode": reasons(report),
        "note": [{ "text": report.plan.headline }],
        "result": { "reference": plan_id },
    });
    let mut entries = vec![
        json!({ "fullUrl": response_id, "resource": response }),
        json!({ "fullUrl": guidance_id, "resource": guidance }),
        json!({ "fullUrl": plan_id, "resource": care_plan }),
    ];
    if let Some(request) = request {
        entries.push(json!({ "fullUrl": request_id, "resource": request }));
    }
    let mut out = json!({
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now.to_string(),
        "entry": entries,
    });
    super::prune(&mut out);
    out
}

fn reasons(report: &Report) -> Vec<Value> {
    report
        .reasons
        .iter()
        .map(
            |r| json!({ "coding": [{ "system": RULE_SYSTEM, "code": r.rule }], "text": r.message }),
        )
        .collect()
}

fn disposition(report: &Report) -> Value {
    concept(
        DISPOSITION_SYSTEM,
        report.disposition.as_str(),
        disposition_display(report.disposition),
    )
}

fn urgency(report: &Report) -> Value {
    concept(
        URGENCY_SYSTEM,
        report.urgency.as_str(),
        urgency_display(report.urgency),
    )
}

fn concept(system: &str, code: &str, display: &str) -> Value {
    json!({ "coding": [{ "system": system, "code": code, "display": display }], "text": display })
}

fn care_plan(report: &Report, now: Timestamp, response: &str, request: Option<&str>) -> Value {
    let plan = &report.plan;
    let mut activities: Vec<Value> = plan
        .schedule
        .iter()
        .map(|item| {
            json!({ "detail": {
                "code": { "coding": [{ "system": STEP_SYSTEM, "code": item.id }] },
                "status": "scheduled",
                "scheduledPeriod": { "start": item.at },
                "description": item.text,
            } })
        })
        .collect();
    if let Some(request) = request {
        activities.push(json!({ "reference": { "reference": request } }));
    }
    let mut notes: Vec<Value> = plan
        .sections
        .iter()
        .map(|s| {
            let mut text = format!("**{}**", s.title);
            for step in &s.steps {
                text.push_str("\n\n");
                if let Some(lead) = &step.lead {
                    text.push_str(&format!("**{lead}** "));
                }
                text.push_str(&step.text);
            }
            if let Some(note) = &s.note {
                text.push_str(&format!("\n\n{note}"));
            }
            json!({ "text": text })
        })
        .collect();
    notes.push(json!({ "text": plan.disclaimer }));
    let mut out = json!({
        "resourceType": "CarePlan",
        "status": "active",
        "intent": "plan",
        "category": [
            disposition(report),
            urgency(report),
        ],
        "title": banner(report.urgency),
        "description": plan.headline,
        "subject": { "display": SUBJECT },
        "created": now.to_string(),
        "supportingInfo": [{ "reference": response }],
        "note": notes,
    });
    if !activities.is_empty() {
        out["activity"] = Value::Array(activities);
    }
    out
}

/// Someone to see: emergency care now, or a clinician within 24 hours or
/// routinely. Home care needs no request.
fn service_request(report: &Report, now: Timestamp, response: &str) -> Option<Value> {
    let priority = match report.urgency {
        Urgency::SelfCare => return None,
        Urgency::Routine => "routine",
        Urgency::Urgent => "urgent",
        Urgency::Emergency => "stat",
    };
    Some(json!({
        "resourceType": "ServiceRequest",
        "status": "active",
        "intent": "proposal",
        "priority": priority,
        "code": disposition(report),
        "orderDetail": [urgency(report)],
        "subject": { "display": SUBJECT },
        "authoredOn": now.to_string(),
        "reasonCode": reasons(report),
        "supportingInfo": [{ "reference": response }],
        "patientInstruction": report.plan.headline,
    }))
}
