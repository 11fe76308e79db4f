//! Snapshot tests of the verdict and the plain-language findings (expect-test; refresh with
//! UPDATE_EXPECT=1 after reading the diff): the weekly, Italian and spurious-trend reference
//! cases, English and Italian.
mod analysis_compare;
mod support;

use expect_test::{expect, Expect};
use social_roi_core::analysis::{self, Plan};
use social_roi_core::Lang;

fn findings(case: &str, lang: Lang) -> String {
    let dir = support::fixtures_dir().join(case);
    let expected = support::load_json(&dir.join("expected.json"));
    let plan = Plan::from_json(&std::fs::read_to_string(dir.join("plan.json")).unwrap()).unwrap();
    let report = analysis::run(&analysis_compare::reference_table(&expected), &plan).unwrap();
    let v = &report.verdict;
    let verdict = format!("[Verdict/{:?}] {}\n", v.status, v.text(lang));
    let rest: String = report
        .findings()
        .iter()
        .map(|f| {
            format!(
                "[{:?}/{:?}/{:?}] {}\n",
                f.severity,
                f.scope,
                f.kind,
                f.text(lang)
            )
        })
        .collect();
    verdict + &rest
}

fn check(case: &str, lang: Lang, snapshot: Expect) {
    snapshot.assert_eq(&findings(case, lang));
}

#[test]
fn weekly_marketing_en() {
    check(
        "weekly_marketing_iso_csv",
        Lang::En,
        expect![[r#"
            [Verdict/Relationship] Yes, in these data: weeks with higher “sessions” were followed by higher “revenue” 2 weeks later (r = 0.86, n = 78, p < 0.001 after removing each series' own momentum; p adjusted for the 14 combinations of pair and lag tried). This shows timing, not cause: with no control group, a season, a promotion or anything else that moved both cannot be ruled out.
            [Key/BusinessSocial/LeadLag] Weeks with higher “sessions” were followed by higher “revenue” 2 weeks later: r = 0.86, n = 78, p < 0.001 after removing each series' own momentum (prewhitened; p adjusted for the 14 combinations of pair and lag tried). Timing, not proof of cause.
            [Key/BusinessSocial/Roas] Return on ad spend (ROAS) is 18.37: each unit of “social_spend” came with 18.37 of “revenue” (101 rows). This counts all of “revenue” as earned by the spend; if it is total revenue, the real return is lower.
            [Warning/General/MultipleComparisons] 15 pairs of columns were tested: at p < 0.05 about 0.8 would look significant by chance alone. The adjusted p-values (Benjamini-Hochberg, p_bh) allow for this; 14 pairs remain significant after adjustment.
            [Info/BusinessSocial/StrongCorrelation] “followers” and “revenue”: moderate positive correlation, r = 0.61 (Spearman 0.62), n = 101, p < 0.001. On levels only: once each series' own momentum is removed it does not stand out (see the verdict).
            [Info/BusinessSocial/StrongCorrelation] “followers” and “orders”: moderate positive correlation, r = 0.53 (Spearman 0.53), n = 102, p < 0.001. On levels only: once each series' own momentum is removed it does not stand out (see the verdict).
            [Info/BusinessSocial/StrongCorrelation] “social_spend” and “revenue”: weak positive correlation, r = 0.36 (Spearman 0.40), n = 101, p < 0.001. On levels only: once each series' own momentum is removed it does not stand out (see the verdict).
            [Info/BusinessSocial/StrongCorrelation] “sessions” and “orders”: weak positive correlation, r = 0.23 (Spearman 0.25), n = 101, p = 0.023. On levels only: once each series' own momentum is removed it does not stand out (see the verdict).
            [Info/General/RoiNeedsMargin] ROI needs a margin (the share of revenue that is profit); none was given, so ROAS, CPA and cost per new follower are shown instead.
            [Info/BusinessSocial/Cpa] Cost per acquisition (CPA): 3.02 of “social_spend” per unit of “orders” (102 rows).
            [Info/General/CostPerNewFollower] Cost per new follower: 16.63 (100 rows).
            [Info/Other/LeadLag] Weeks with higher “social_spend” had higher “sessions” in the same week: r = 0.36, n = 85, p = 0.008 (prewhitened, p adjusted for the 9 lags tried). Not a key result: the two columns are not a business and a social one, so it does not answer whether social moved the business.
            [Info/Other/StrongCorrelation] “orders” and “revenue”: strong positive correlation, r = 0.87 (Spearman 0.87), n = 101, p < 0.001.
            [Info/Other/StrongCorrelation] “followers” and “sessions”: moderate positive correlation, r = 0.56 (Spearman 0.56), n = 101, p < 0.001.
            [Info/Other/StrongCorrelation] “followers” and “retention_rate”: moderate positive correlation, r = 0.56 (Spearman 0.55), n = 102, p < 0.001.
            [Info/Other/StrongCorrelation] “social_spend” and “sessions”: moderate positive correlation, r = 0.48 (Spearman 0.49), n = 101, p < 0.001.
            [Info/Other/StrongCorrelation] “social_spend” and “followers”: weak positive correlation, r = 0.35 (Spearman 0.36), n = 102, p < 0.001.
            [Warning/General/NotCausation] Correlation is not causation: these figures show which columns move together, not what causes what. Seasonality, promotions, prices or other campaigns can drive both sides; a controlled test (for example pausing spend in some weeks or regions) is what measures the effect of social media.
        "#]],
    );
}

#[test]
fn weekly_marketing_it() {
    check(
        "weekly_marketing_iso_csv",
        Lang::It,
        expect![[r#"
            [Verdict/Relationship] Sì, in questi dati: le settimane con valori più alti di «sessions» sono state seguite, 2 settimane dopo, da valori più alti di «revenue» (r = 0,86, n = 78, p < 0,001 dopo aver tolto l'inerzia propria di ciascuna serie; p corretto per le 14 combinazioni di coppia e sfasamento provate). Mostra una successione nel tempo, non una causa: senza un gruppo di controllo non si può escludere che una stagione, una promozione o altro abbia mosso entrambe.
            [Key/BusinessSocial/LeadLag] Le settimane con valori più alti di «sessions» sono state seguite, 2 settimane dopo, da valori più alti di «revenue»: r = 0,86, n = 78, p < 0,001 dopo aver tolto l'inerzia propria di ciascuna serie (prewhitening; p corretto per le 14 combinazioni di coppia e sfasamento provate). Una successione nel tempo, non la prova di una causa.
            [Key/BusinessSocial/Roas] Il ritorno sulla spesa pubblicitaria (ROAS) è 18,37: ogni unità di «social_spend» corrisponde a 18,37 di «revenue» (101 righe). Conta tutto «revenue» come generato dalla spesa; se è il fatturato totale, il ritorno reale è più basso.
            [Warning/General/MultipleComparisons] Sono state provate 15 coppie di colonne: con p < 0,05 circa 0,8 sembrerebbero significative solo per caso. I p-value corretti (Benjamini-Hochberg, p_bh) ne tengono conto; 14 coppie restano significative dopo la correzione.
            [Info/BusinessSocial/StrongCorrelation] «followers» e «revenue»: correlazione positiva moderata, r = 0,61 (Spearman 0,62), n = 101, p < 0,001. Solo sui livelli: tolta l'inerzia propria di ciascuna serie non si distingue (vedi il verdetto).
            [Info/BusinessSocial/StrongCorrelation] «followers» e «orders»: correlazione positiva moderata, r = 0,53 (Spearman 0,53), n = 102, p < 0,001. Solo sui livelli: tolta l'inerzia propria di ciascuna serie non si distingue (vedi il verdetto).
            [Info/BusinessSocial/StrongCorrelation] «social_spend» e «revenue»: correlazione positiva debole, r = 0,36 (Spearman 0,40), n = 101, p < 0,001. Solo sui livelli: tolta l'inerzia propria di ciascuna serie non si distingue (vedi il verdetto).
            [Info/BusinessSocial/StrongCorrelation] «sessions» e «orders»: correlazione positiva debole, r = 0,23 (Spearman 0,25), n = 101, p = 0,023. Solo sui livelli: tolta l'inerzia propria di ciascuna serie non si distingue (vedi il verdetto).
            [Info/General/RoiNeedsMargin] Il ROI richiede un margine (la quota del fatturato che è profitto); non è stato indicato, quindi si mostrano ROAS, CPA e costo per nuovo follower.
            [Info/BusinessSocial/Cpa] Costo per acquisizione (CPA): 3,02 di «social_spend» per unità di «orders» (102 righe).
            [Info/General/CostPerNewFollower] Costo per nuovo follower: 16,63 (100 righe).
            [Info/Other/LeadLag] Le settimane con valori più alti di «social_spend» hanno avuto valori più alti di «sessions» nella stessa settimana: r = 0,36, n = 85, p = 0,008 (prewhitening, p corretto per i 9 sfasamenti provati). Non è un risultato principale: le due colonne non sono una dell'attività e una dei social, quindi non risponde alla domanda se i social abbiano mosso l'attività.
            [Info/Other/StrongCorrelation] «orders» e «revenue»: correlazione positiva forte, r = 0,87 (Spearman 0,87), n = 101, p < 0,001.
            [Info/Other/StrongCorrelation] «followers» e «sessions»: correlazione positiva moderata, r = 0,56 (Spearman 0,56), n = 101, p < 0,001.
            [Info/Other/StrongCorrelation] «followers» e «retention_rate»: correlazione positiva moderata, r = 0,56 (Spearman 0,55), n = 102, p < 0,001.
            [Info/Other/StrongCorrelation] «social_spend» e «sessions»: correlazione positiva moderata, r = 0,48 (Spearman 0,49), n = 101, p < 0,001.
            [Info/Other/StrongCorrelation] «social_spend» e «followers»: correlazione positiva debole, r = 0,35 (Spearman 0,36), n = 102, p < 0,001.
            [Warning/General/NotCausation] Correlazione non è causalità: questi numeri mostrano quali colonne si muovono insieme, non che cosa causa che cosa. Stagionalità, promozioni, prezzi o altre campagne possono muovere entrambe le parti; per misurare l'effetto dei social serve un test controllato (ad esempio sospendere la spesa in alcune settimane o zone).
        "#]],
    );
}

#[test]
fn italian_semicolon_en() {
    check(
        "italian_semicolon_decimal_comma",
        Lang::En,
        expect![[r#"
            [Verdict/NoRelationship] No clear sign in these data: none of the 6 business × social pairs tried moved together beyond what chance and each series' own momentum produce (lags 0 to 6 weeks; the closest, “visite” and “fatturato”, has r = 0.38, n = 37, p = 0.782 once adjusted for the 12 combinations of pair and lag tried). That is not proof of no effect: a small one needs more weeks or a controlled test to show, and one that comes later than the lags tried was not looked for.
            [Key/BusinessSocial/Roas] Return on ad spend (ROAS) is 13.97: each unit of “spesa_social” came with 13.97 of “fatturato” (50 rows). This counts all of “fatturato” as earned by the spend; if it is total revenue, the real return is lower.
            [Warning/General/MultipleComparisons] 15 pairs of columns were tested: at p < 0.05 about 0.8 would look significant by chance alone. The adjusted p-values (Benjamini-Hochberg, p_bh) allow for this; 5 pairs remain significant after adjustment.
            [Info/BusinessSocial/NoClearLead] No lag of “visite” against “fatturato” stands out once each series' own momentum is removed: the strongest (k = 1) has r = 0.38, n = 37, p = 0.228, adjusted for the 13 lags tried.
            [Info/BusinessSocial/StrongCorrelation] “follower” and “ordini”: weak positive correlation, r = 0.36 (Spearman 0.44), n = 52, p = 0.008. On levels only: once each series' own momentum is removed it does not stand out (see the verdict).
            [Info/BusinessSocial/StrongCorrelation] “follower” and “fatturato”: weak positive correlation, r = 0.36 (Spearman 0.43), n = 51, p = 0.010. On levels only: once each series' own momentum is removed it does not stand out (see the verdict).
            [Info/General/RoiNeedsMargin] ROI needs a margin (the share of revenue that is profit); none was given, so ROAS, CPA and cost per new follower are shown instead.
            [Info/BusinessSocial/Cpa] Cost per acquisition (CPA): 5.49 of “spesa_social” per unit of “ordini” (51 rows).
            [Info/General/CostPerNewFollower] Cost per new follower: 14.96 (50 rows).
            [Info/Other/StrongCorrelation] “ordini” and “fatturato”: strong positive correlation, r = 0.95 (Spearman 0.86), n = 51, p < 0.001.
            [Info/Other/StrongCorrelation] “spesa_social” and “visite”: moderate positive correlation, r = 0.56 (Spearman 0.48), n = 50, p < 0.001.
            [Info/Other/StrongCorrelation] “follower” and “visite”: weak positive correlation, r = 0.36 (Spearman 0.42), n = 51, p = 0.010.
            [Warning/General/NotCausation] Correlation is not causation: these figures show which columns move together, not what causes what. Seasonality, promotions, prices or other campaigns can drive both sides; a controlled test (for example pausing spend in some weeks or regions) is what measures the effect of social media.
        "#]],
    );
}

#[test]
fn italian_semicolon_it() {
    check(
        "italian_semicolon_decimal_comma",
        Lang::It,
        expect![[r#"
            [Verdict/NoRelationship] Nessun segnale chiaro in questi dati: nessuna delle 6 coppie business × social provate si è mossa insieme oltre quanto producono il caso e l'inerzia propria di ciascuna serie (sfasamenti da 0 a 6 settimane; la più vicina, «visite» e «fatturato», ha r = 0,38, n = 37, p = 0,782 corretto per le 12 combinazioni di coppia e sfasamento provate). Non prova l'assenza di effetto: uno piccolo richiede più settimane o un test controllato per emergere, e uno che arriva più tardi degli sfasamenti provati non è stato cercato.
            [Key/BusinessSocial/Roas] Il ritorno sulla spesa pubblicitaria (ROAS) è 13,97: ogni unità di «spesa_social» corrisponde a 13,97 di «fatturato» (50 righe). Conta tutto «fatturato» come generato dalla spesa; se è il fatturato totale, il ritorno reale è più basso.
            [Warning/General/MultipleComparisons] Sono state provate 15 coppie di colonne: con p < 0,05 circa 0,8 sembrerebbero significative solo per caso. I p-value corretti (Benjamini-Hochberg, p_bh) ne tengono conto; 5 coppie restano significative dopo la correzione.
            [Info/BusinessSocial/NoClearLead] Nessuno sfasamento di «visite» rispetto a «fatturato» si distingue una volta tolta l'inerzia propria di ciascuna serie: il più forte (k = 1) ha r = 0,38, n = 37, p = 0,228, corretto per i 13 sfasamenti provati.
            [Info/BusinessSocial/StrongCorrelation] «follower» e «ordini»: correlazione positiva debole, r = 0,36 (Spearman 0,44), n = 52, p = 0,008. Solo sui livelli: tolta l'inerzia propria di ciascuna serie non si distingue (vedi il verdetto).
            [Info/BusinessSocial/StrongCorrelation] «follower» e «fatturato»: correlazione positiva debole, r = 0,36 (Spearman 0,43), n = 51, p = 0,010. Solo sui livelli: tolta l'inerzia propria di ciascuna serie non si distingue (vedi il verdetto).
            [Info/General/RoiNeedsMargin] Il ROI richiede un margine (la quota del fatturato che è profitto); non è stato indicato, quindi si mostrano ROAS, CPA e costo per nuovo follower.
            [Info/BusinessSocial/Cpa] Costo per acquisizione (CPA): 5,49 di «spesa_social» per unità di «ordini» (51 righe).
            [Info/General/CostPerNewFollower] Costo per nuovo follower: 14,96 (50 righe).
            [Info/Other/StrongCorrelation] «ordini» e «fatturato»: correlazione positiva forte, r = 0,95 (Spearman 0,86), n = 51, p < 0,001.
            [Info/Other/StrongCorrelation] «spesa_social» e «visite»: correlazione positiva moderata, r = 0,56 (Spearman 0,48), n = 50, p < 0,001.
            [Info/Other/StrongCorrelation] «follower» e «visite»: correlazione positiva debole, r = 0,36 (Spearman 0,42), n = 51, p = 0,010.
            [Warning/General/NotCausation] Correlazione non è causalità: questi numeri mostrano quali colonne si muovono insieme, non che cosa causa che cosa. Stagionalità, promozioni, prezzi o altre campagne possono muovere entrambe le parti; per misurare l'effetto dei social serve un test controllato (ad esempio sospendere la spesa in alcune settimane o zone).
        "#]],
    );
}

#[test]
fn spurious_trend_en() {
    check(
        "spurious_trend_monthly",
        Lang::En,
        expect![[r#"
            [Verdict/NoRelationship] No clear sign in these data: “followers” and “revenue” did not move together beyond what chance and each series' own momentum produce (lags 0 to 3 months; r = -0.29, n = 56, p = 0.201 once adjusted for the 4 lags tried). “followers” and “revenue” share a trend over time, which by itself says nothing about one driving the other. That is not proof of no effect: a small one needs more months or a controlled test to show, and one that comes later than the lags tried was not looked for.
            [Warning/BusinessSocial/StrongCorrelation] “followers” and “revenue”: strong positive correlation, r = 0.98 (Spearman 0.99), n = 60, p < 0.001. Both series trend over time and the link vanishes on period-over-period changes, so this is most likely the shared trend, not a relationship.
            [Warning/BusinessSocial/TrendOnly] The correlation of “followers” and “revenue” (r = 0.98 on levels) vanishes on period-over-period changes (r = 0.02 on differences, r = -0.02 on % changes, n = 59): both series probably just trend over time, which is no evidence that one drives the other.
            [Info/BusinessSocial/NoClearLead] No lag of “followers” against “revenue” stands out once each series' own momentum is removed: the strongest (k = 3) has r = -0.29, n = 56, p = 0.325, adjusted for the 7 lags tried.
            [Warning/General/NotCausation] Correlation is not causation: these figures show which columns move together, not what causes what. Seasonality, promotions, prices or other campaigns can drive both sides; a controlled test (for example pausing spend in some weeks or regions) is what measures the effect of social media.
        "#]],
    );
}

#[test]
fn spurious_trend_it() {
    check(
        "spurious_trend_monthly",
        Lang::It,
        expect![[r#"
            [Verdict/NoRelationship] Nessun segnale chiaro in questi dati: le colonne «followers» e «revenue» non si sono mosse insieme oltre quanto producono il caso e l'inerzia propria di ciascuna serie (sfasamenti da 0 a 3 mesi; r = -0,29, n = 56, p = 0,201 corretto per i 4 sfasamenti provati). «followers» e «revenue» hanno una tendenza comune nel tempo, che da sola non dice nulla su chi muova chi. Non prova l'assenza di effetto: uno piccolo richiede più mesi o un test controllato per emergere, e uno che arriva più tardi degli sfasamenti provati non è stato cercato.
            [Warning/BusinessSocial/StrongCorrelation] «followers» e «revenue»: correlazione positiva forte, r = 0,98 (Spearman 0,99), n = 60, p < 0,001. Entrambe le serie hanno una tendenza nel tempo e il legame sparisce sulle variazioni da un periodo all'altro: molto probabilmente è la tendenza comune, non una relazione.
            [Warning/BusinessSocial/TrendOnly] La correlazione tra «followers» e «revenue» (r = 0,98 sui livelli) sparisce sulle variazioni da un periodo all'altro (r = 0,02 sulle differenze, r = -0,02 sulle variazioni %, n = 59): probabilmente entrambe le serie seguono solo una tendenza nel tempo, e questo non prova che una influenzi l'altra.
            [Info/BusinessSocial/NoClearLead] Nessuno sfasamento di «followers» rispetto a «revenue» si distingue una volta tolta l'inerzia propria di ciascuna serie: il più forte (k = 3) ha r = -0,29, n = 56, p = 0,325, corretto per i 7 sfasamenti provati.
            [Warning/General/NotCausation] Correlazione non è causalità: questi numeri mostrano quali colonne si muovono insieme, non che cosa causa che cosa. Stagionalità, promozioni, prezzi o altre campagne possono muovere entrambe le parti; per misurare l'effetto dei social serve un test controllato (ad esempio sospendere la spesa in alcune settimane o zone).
        "#]],
    );
}

/// The findings are a pure function of the results: the same report gives the same text.
#[test]
fn findings_are_deterministic_and_end_with_causation() {
    for case in [
        "weekly_marketing_iso_csv",
        "spurious_trend_monthly",
        "n3_three_rows",
    ] {
        let a = findings(case, Lang::En);
        assert_eq!(a, findings(case, Lang::En));
        assert!(
            a.trim_end()
                .ends_with("is what measures the effect of social media."),
            "{case}"
        );
        assert!(findings(case, Lang::It).contains("Correlazione non è causalità"));
    }
    // Three rows: the small-sample warning is there.
    assert!(findings("n3_three_rows", Lang::En).contains("Only 3 rows"));
}

/// "Constant" is said of a column whose values are all equal, not of one whose standard deviation
/// underflows to 0 (values near 1e-320).
#[test]
fn a_column_of_tiny_different_values_is_not_called_constant() {
    let tiny: Vec<f64> = (0..10).map(|i| i as f64 * 1e-320).collect();
    let same = vec![3.0; 10];
    let other: Vec<f64> = (0..10).map(|i| (i * 7 % 10) as f64).collect();
    let t = social_roi_core::Table::from_columns(
        None,
        vec![("tiny", tiny), ("same", same), ("other", other)],
    );
    let report = analysis::run(&t, &Plan::default()).unwrap();
    let constant: Vec<String> = report
        .findings()
        .iter()
        .map(|f| f.text(Lang::En).to_owned())
        .filter(|t| t.contains("is constant"))
        .collect();
    assert_eq!(constant.len(), 1, "{constant:?}");
    assert!(constant[0].contains("“same”"), "{constant:?}");
}

/// A cost column with values below zero is said before its ratios are read (a "ROAS of −3" was a
/// key finding without a word).
#[test]
fn a_negative_cost_is_said_before_the_ratios() {
    let dates: Vec<social_roi_core::Date> = (1..=6)
        .map(|d| social_roi_core::Date::from_ymd(2024, 1, d).unwrap())
        .collect();
    let t = social_roi_core::Table::from_columns(
        Some(("date", dates)),
        vec![
            ("spend", vec![-10.0, -20.0, -15.0, -30.0, -25.0, -12.0]),
            ("revenue", vec![30.0, 60.0, 45.0, 90.0, 75.0, 36.0]),
        ],
    );
    let plan =
        Plan::from_json(r#"{"roi": {"cost": "spend", "attributed_revenue": "revenue"}}"#).unwrap();
    let report = analysis::run(&t, &plan).unwrap();
    let texts: Vec<String> = report
        .findings()
        .iter()
        .map(|f| f.text(Lang::En).to_owned())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("“spend” has negative values (as low as -30.00)")),
        "{texts:?}"
    );
    // a cost of zero or more says nothing of the kind
    let t = social_roi_core::Table::from_columns(
        None,
        vec![
            ("spend", vec![10.0, 20.0, 15.0, 30.0, 25.0, 12.0]),
            ("revenue", vec![30.0, 60.0, 45.0, 90.0, 75.0, 36.0]),
        ],
    );
    let report = analysis::run(&t, &plan).unwrap();
    assert!(!report
        .findings()
        .iter()
        .any(|f| f.text(Lang::En).contains("negative values")));
}
