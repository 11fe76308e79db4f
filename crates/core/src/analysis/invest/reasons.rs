//! Why a figure is missing, in the reader's language: the reasons the ROI model, the ROI family
//! and the quick calculator give (`undefined_reason`, payback) are English in the report (it is
//! data, compared across runs); the command line and the page say them in Italian from here.

use crate::Lang;

/// What a reason names (counts and amounts), in English and Italian.
const COUNTS: [(&str, &str); 8] = [
    ("conversions", "conversioni"),
    ("leads", "contatti"),
    ("new customers", "nuovi clienti"),
    ("new followers", "nuovi follower"),
    ("attributed revenue", "ricavi attribuiti"),
    ("money spend", "spesa in denaro"),
    ("spend", "spesa"),
    ("total investment", "investimento totale"),
];

fn count_it(en: &str) -> Option<&'static str> {
    COUNTS.iter().find(|c| c.0 == en).map(|c| c.1)
}

/// `raw` in `lang`: English as written; Italian for every reason the model and the quick
/// calculator give, and `raw` unchanged for any other (a column's own words, say).
pub fn say(raw: &str, lang: Lang) -> String {
    match lang {
        Lang::It => italian(raw).unwrap_or_else(|| raw.to_owned()),
        _ => raw.to_owned(),
    }
}

fn italian(raw: &str) -> Option<String> {
    let fixed = match raw {
        "not a finite number" => "non è un numero finito",
        super::evaluate::UNATTRIBUTED => "il valore non è attribuito a nessun canale",
        "an investment input is missing in this period" => {
            "in questo periodo manca un dato dell'investimento"
        }
        "a value input (or the margin) is missing in this period" => {
            "in questo periodo manca un dato del valore (o il margine)"
        }
        "no margin: revenue is worth revenue × margin (give a margin, e.g. 0.35)" => {
            "manca il margine: i ricavi valgono ricavi × margine (indica un margine, per es. 0,35)"
        }
        "the model says nothing of value (give attributed revenue and a margin, or a value per conversion, lead or customer)" => {
            "il modello non dice nulla del valore (indica ricavi attribuiti e un margine, o un valore per conversione, contatto o cliente)"
        }
        "no period has every input present" => "nessun periodo ha tutti i dati",
        "the total investment is 0" => "l'investimento totale è 0",
        "no margin: break-even revenue is investment / margin" => {
            "manca il margine: i ricavi di pareggio sono investimento / margine"
        }
        "the margin is 0 (or there is no revenue to weight it)" => {
            "il margine è 0 (o non ci sono ricavi per ponderarlo)"
        }
        "neither revenue with a margin nor a value per conversion is given" => {
            "non ci sono né ricavi con un margine né un valore per conversione"
        }
        "there were no conversions (0): the value per conversion is undefined" => {
            "non ci sono state conversioni (0): il valore per conversione non è definito"
        }
        "nothing was invested" | "nothing was invested (0)" => "nessun investimento",
        "no investment in this channel" => "nessun investimento in questo canale",
        "no money spent in this channel" => "nessuna spesa in denaro in questo canale",
        "this channel has no revenue or no money spend" => {
            "questo canale non ha ricavi o non ha spesa in denaro"
        }
        // the quick calculator
        "no revenue was entered" => "non hai inserito le vendite",
        "no margin was entered" => "non hai inserito il margine",
        "no value" => "nessun valore",
        "the margin is 0: no amount of sales breaks even" => {
            "il margine è 0: nessuna cifra di vendite porta al pareggio"
        }
        "never: each month's value is below its running cost" => {
            "mai: ogni mese rende meno di quanto costa"
        }
        "not within 100 years at this pace" => "non entro 100 anni a questo ritmo",
        "ROI is undefined" => "il ROI non è definito",
        "revenue and margin are needed" => "servono vendite e margine",
        // the ROI family of SCHEMA §3 (`roi` in the plan)
        "no cost column" => "nessuna colonna dei costi",
        "no attributed revenue column" => "nessuna colonna dei ricavi attribuiti",
        "no conversions column" => "nessuna colonna delle conversioni",
        "no followers column" => "nessuna colonna dei follower",
        "total cost is 0" => "il costo totale è 0",
        "total conversions are 0" => "le conversioni totali sono 0",
        "total new followers are 0" => "i nuovi follower totali sono 0",
        "no row has every input of this metric" => {
            "nessuna riga ha tutti i dati di questa metrica"
        }
        "no margin" => "manca il margine",
        "no dates to measure the period" => "non ci sono date per misurare il periodo",
        "ROI of -100% or less cannot be annualised" => {
            "un ROI di -100% o meno non si può annualizzare"
        }
        "no row has cost, revenue and margin" => "nessuna riga ha costo, ricavi e margine",
        "the margin is not positive" => "il margine non è positivo",
        "the data cover less than a year" => "i dati coprono meno di un anno",
        "no margin in the data (ROI needs a margin; the case provides none)" => {
            "nessun margine nei dati (il ROI richiede un margine)"
        }
        "the margin column holds values outside 0 to 1: a margin is a share of the sales (0.35 for 35%)" => {
            "la colonna del margine ha valori fuori da 0–1: il margine è una quota delle vendite (0,35 per il 35%)"
        }
        "the plan names no ROI columns (cost and attributed revenue)" => {
            "il piano non indica colonne per il ROI (costi e ricavi attribuiti)"
        }
        // the period rule the ROI tables are headed with (`prepare::spans`)
        "each row is one day" => "ogni riga è un giorno",
        "each row covers 7 days from its date" => "ogni riga copre 7 giorni dalla sua data",
        "each row covers one calendar month from its date" => {
            "ogni riga copre un mese di calendario dalla sua data"
        }
        "each row covers three calendar months from its date" => {
            "ogni riga copre tre mesi di calendario dalla sua data"
        }
        "each row covers twelve calendar months from its date" => {
            "ogni riga copre dodici mesi di calendario dalla sua data"
        }
        "irregular dates: each row runs to the next row's date (the last one for the median gap)" => {
            "date irregolari: ogni riga arriva alla data della successiva (l'ultima per l'intervallo mediano)"
        }
        "no dates: each row is one period" => "nessuna data: ogni riga è un periodo",
        _ => "",
    };
    if !fixed.is_empty() {
        return Some(fixed.to_owned());
    }
    let pattern = |prefix: &str, suffix: &str| {
        raw.strip_prefix(prefix)
            .and_then(|r| r.strip_suffix(suffix))
            .and_then(count_it)
    };
    if let Some(rule) =
        raw.strip_suffix(" (one row: its length is unknown; set investment.periods.unit)")
    {
        return Some(format!(
            "{} (una riga: la sua durata non è nota; indica investment.periods.unit)",
            italian(rule)?
        ));
    }
    if let Some(w) = pattern("the model has no ", "") {
        return Some(format!("il modello non ha {w}"));
    }
    if let Some(w) = pattern("no period has ", " and every other input present") {
        return Some(format!("nessun periodo ha {w} e tutti gli altri dati"));
    }
    if let Some(w) = pattern("there were no ", " (0): the cost per one is undefined") {
        return Some(format!(
            "non ci sono stati {w} (0): il costo per ciascuno non è definito"
        ));
    }
    if let Some(w) = pattern("there were no ", " (0)") {
        return Some(format!("non ci sono stati {w} (0)"));
    }
    if let Some(w) = pattern("no number of ", " was entered") {
        return Some(format!("non hai inserito il numero di {w}"));
    }
    if let Some(w) = pattern("the ", " is 0") {
        // with its article: "la spesa", "l'investimento"
        let article = if w.starts_with('i') { "l'" } else { "la " };
        return Some(format!("{article}{w} è 0"));
    }
    if let Some(rest) = raw.strip_prefix("never reached within the data: after ") {
        // "{n} periods the cumulative value is {v} against an investment of {i}"
        let (n, rest) = rest.split_once(" periods the cumulative value is ")?;
        let (v, i) = rest.split_once(" against an investment of ")?;
        return Some(format!(
            "mai raggiunto nei dati: dopo {n} periodi il valore cumulato è {v} contro un investimento di {i}"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_the_model_and_the_calculator_give_is_said_in_italian() {
        for raw in [
            "the model has no conversions",
            "the model has no new followers",
            "no period has leads and every other input present",
            "there were no new customers (0): the cost per one is undefined",
            "there were no new followers (0)",
            "no number of new customers was entered",
            "the money spend is 0",
            "never reached within the data: after 4 periods the cumulative value is 120.5 against an investment of 300",
            "no margin was entered",
            "nothing was invested (0)",
            super::super::evaluate::UNATTRIBUTED,
        ] {
            let it = say(raw, Lang::It);
            assert_ne!(it, raw, "{raw}");
            assert_eq!(say(raw, Lang::En), raw);
        }
        assert_eq!(
            say("never reached within the data: after 4 periods the cumulative value is 120.5 against an investment of 300", Lang::It),
            "mai raggiunto nei dati: dopo 4 periodi il valore cumulato è 120.5 contro un investimento di 300"
        );
        // the quick calculator's, on inputs that leave each figure out for another reason
        use crate::analysis::quick::{compute, QuickInput};
        let empty = QuickInput::default();
        let spend = QuickInput {
            spend: Some(100.0),
            revenue: Some(50.0),
            new_customers: Some(0.0),
            ..QuickInput::default()
        };
        let zero = QuickInput {
            revenue: Some(50.0),
            margin: Some(0.0),
            new_followers: Some(0.0),
            ..QuickInput::default()
        };
        for q in [empty, spend, zero] {
            let r = compute(&q);
            let v = serde_json::to_value(&r).unwrap();
            let mut reasons: Vec<String> = v
                .as_object()
                .unwrap()
                .values()
                .filter_map(|m| m.get("undefined_reason")?.as_str().map(str::to_owned))
                .collect();
            reasons.extend(r.payback_reason.clone());
            assert!(!reasons.is_empty());
            for raw in reasons {
                assert_ne!(say(&raw, Lang::It), raw, "{raw}");
            }
        }
        // every period rule the ROI tables are headed with
        for unit in ["day", "week", "month"] {
            let plan = crate::analysis::Plan::from_json(&format!(
                r#"{{"investment": {{"money": [{{"per_period": 1}}], "periods": {{"start": "2024-01-01", "unit": "{unit}", "count": 2}}}}}}"#
            ))
            .unwrap();
            let (p, _) = super::super::investment_roi(None, &plan).unwrap().unwrap();
            assert_ne!(say(&p.period_rule, Lang::It), p.period_rule, "{unit}");
        }
        for raw in [
            "each row covers three calendar months from its date",
            "each row covers twelve calendar months from its date",
            "irregular dates: each row runs to the next row's date (the last one for the median gap)",
            "no dates: each row is one period",
            "each row covers 7 days from its date (one row: its length is unknown; set investment.periods.unit)",
        ] {
            assert_ne!(say(raw, Lang::It), raw, "{raw}");
        }
        // words that are not the model's stay as they are
        assert_eq!(
            say("the model has no unicorns", Lang::It),
            "the model has no unicorns"
        );
    }
}
