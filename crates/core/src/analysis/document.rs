//! From loaded files to the analysed table and the report document, shared by the CLI and the web
//! app so both produce the same table and the same JSON: join on date as the plan says, resample as
//! the plan says, and lay out `{input, table, analyses, findings, plan}`.

use std::sync::Arc;

use serde::Serialize;

use super::plan::{JoinType, Plan, ResamplePeriod, ResampleRule};
use super::report::{table_section, Report, TableSection};
use super::Finding;
use crate::ingest::FileReport;
use crate::reshape::{self, AggRule, JoinKind, Period};
use crate::{Lang, Result, Table};

/// The join the plan asks for (inner unless it says outer).
pub fn join_kind(plan: Option<&Plan>) -> JoinKind {
    match plan.and_then(|p| p.join).map(|j| j.kind) {
        Some(JoinType::Outer) => JoinKind::Outer,
        _ => JoinKind::Inner,
    }
}

/// [`prepare`] over shared tables: a single table that needs no resampling is returned as it is,
/// without a copy (a million-row file would otherwise exist twice in the page's memory).
pub fn prepare_shared(tables: &[&Arc<Table>], plan: Option<&Plan>) -> Result<Arc<Table>> {
    match tables {
        [one] if plan.and_then(|p| p.resample.as_ref()).is_none() => Ok(Arc::clone(one)),
        _ => {
            let refs: Vec<&Table> = tables.iter().map(|t| &***t).collect();
            prepare(&refs, plan).map(Arc::new)
        }
    }
}

/// The table to analyse: the files joined on date (one file is used as is), then resampled when the
/// plan has `resample`. A running follower total named in the plan's ROI roles is resampled with
/// `last`, and the investment model's margin column with `mean`, unless the plan gives them a rule
/// (summing a running total or a rate would be meaningless).
pub fn prepare(tables: &[&Table], plan: Option<&Plan>) -> Result<Table> {
    let table = match tables {
        [] => Table::default(),
        [one] => (*one).clone(),
        many => reshape::join_tables(many, join_kind(plan))?,
    };
    let Some(spec) = plan.and_then(|p| p.resample.as_ref()) else {
        return Ok(table);
    };
    let period = match spec.period {
        ResamplePeriod::Day => Period::Day,
        ResamplePeriod::Week => Period::Week,
        ResamplePeriod::Month => Period::Month,
    };
    let mut rules: Vec<(String, AggRule)> = spec
        .rules
        .iter()
        .map(|(c, r)| {
            let a = match r {
                ResampleRule::Sum => AggRule::Sum,
                ResampleRule::Mean => AggRule::Mean,
                ResampleRule::Count => AggRule::Count,
                ResampleRule::Last => AggRule::Last,
            };
            (c.clone(), a)
        })
        .collect();
    let cumulative = plan
        .and_then(|p| p.roi.as_ref())
        .and_then(|r| r.followers_cumulative.as_ref())
        .map(|c| (c, AggRule::Last));
    // A margin column of the investment model is a rate: averaged, not summed.
    let margin = match plan
        .and_then(|p| p.value.as_ref())
        .and_then(|v| v.margin.as_ref())
    {
        Some(super::Margin::Column(c)) => Some((c, AggRule::Mean)),
        _ => None,
    };
    for (col, rule) in cumulative.into_iter().chain(margin) {
        if !rules.iter().any(|(c, _)| c == col) {
            rules.push((col.clone(), rule));
        }
    }
    reshape::resample(&table, period, &rules)
}

/// The machine-readable report: SCHEMA.md §4 layout plus findings and the plan that produced it.
#[derive(Serialize)]
pub struct Document<'a> {
    pub input: Inputs<'a>,
    pub table: TableSection<'a>,
    pub analyses: &'a Report,
    pub findings: Vec<FindingText<'a>>,
    pub plan: &'a Plan,
    pub plan_source: &'a str,
}

#[derive(Serialize)]
pub struct Inputs<'a> {
    pub files: Vec<&'a FileReport>,
}

/// A finding with its text in the chosen language next to both texts.
#[derive(Serialize)]
pub struct FindingText<'a> {
    #[serde(flatten)]
    pub finding: &'a Finding,
    pub text: &'a str,
}

/// Assembles the document; serialise it with serde_json (columns stay in header order).
pub fn document<'a>(
    files: Vec<&'a FileReport>,
    table: &'a Table,
    report: &'a Report,
    plan: &'a Plan,
    plan_source: &'a str,
    lang: Lang,
) -> Document<'a> {
    Document {
        input: Inputs { files },
        table: table_section(table),
        analyses: report,
        findings: report
            .findings()
            .iter()
            .map(|f| FindingText {
                finding: f,
                text: f.text(lang),
            })
            .collect(),
        plan,
        plan_source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::plan::{ResampleSpec, RoiSpec};
    use crate::Date;

    fn daily() -> Table {
        let d: Vec<Date> = (0..14)
            .map(|i| Date::from_ymd(2024, 1, 1 + i).unwrap())
            .collect();
        Table::from_columns(
            Some(("date", d)),
            vec![
                ("spend", vec![1.0; 14]),
                ("followers", (0..14).map(|i| 100.0 + i as f64).collect()),
            ],
        )
    }

    #[test]
    fn resamples_weekly_with_last_for_a_running_follower_total() {
        let plan = Plan {
            resample: Some(ResampleSpec {
                period: ResamplePeriod::Week,
                rules: Default::default(),
            }),
            roi: Some(RoiSpec {
                cost: Some("spend".into()),
                followers_cumulative: Some("followers".into()),
                ..RoiSpec::default()
            }),
            ..Plan::default()
        };
        let t = daily();
        let w = prepare(&[&t], Some(&plan)).unwrap();
        assert_eq!(w.n_rows(), 2);
        assert_eq!(w.numbers("spend").unwrap(), &[7.0, 7.0]);
        assert_eq!(w.numbers("followers").unwrap(), &[106.0, 113.0]);
        assert_eq!(prepare(&[&t], None).unwrap(), t);
    }

    #[test]
    fn a_margin_column_of_the_investment_model_is_averaged() {
        let plan = Plan::from_json(
            r#"{"resample": {"period": "week"},
                "value": {"margin": "spend", "revenue": [{"column": "followers"}]}}"#,
        )
        .unwrap();
        let w = prepare(&[&daily()], Some(&plan)).unwrap();
        assert_eq!(w.numbers("spend").unwrap(), &[1.0, 1.0], "mean, not 7");
        assert_eq!(w.numbers("followers").unwrap(), &[721.0, 770.0], "summed");
    }
}
