//! Snapshot tests of the plain-language findings (expect-test; refresh with UPDATE_EXPECT=1 after
//! reading the diff): the weekly, Italian and spurious-trend reference cases, English and Italian.
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
    report
        .findings()
        .iter()
        .map(|f| format!("[{:?}/{:?}] {}\n", f.severity, f.kind, f.text(lang)))
        .collect()
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
            [Key/LeadLag] “sessions” leads “revenue” by 2 weeks: r = 0.92, n = 98, p < 0.001 (best of 17 lags tried, so p is optimistic).
            [Key/LeadLag] “social_spend” and “sessions” move together in the same week: r = 0.48, n = 101, p < 0.001 (best of 9 lags tried).
            [Key/StrongCorrelation] “orders” and “revenue”: strong positive correlation, r = 0.87 (Spearman 0.87), n = 101, p < 0.001.
            [Key/StrongCorrelation] “followers” and “revenue”: moderate positive correlation, r = 0.61 (Spearman 0.62), n = 101, p < 0.001.
            [Key/StrongCorrelation] “followers” and “sessions”: moderate positive correlation, r = 0.56 (Spearman 0.56), n = 101, p < 0.001.
            [Key/Roas] Return on ad spend (ROAS) is 18.37: each unit of “social_spend” came with 18.37 of “revenue” (101 rows). This counts all of “revenue” as earned by the spend; if it is total revenue, the real return is lower.
            [Warning/MultipleComparisons] 15 pairs of columns were tested: at p < 0.05 about 0.8 would look significant by chance alone. The adjusted p-values (Benjamini-Hochberg, p_bh) allow for this; 14 pairs remain significant after adjustment.
            [Info/RoiNeedsMargin] ROI needs a margin (the share of revenue that is profit); none was given, so ROAS, CPA and cost per new follower are shown instead.
            [Info/Cpa] Cost per acquisition (CPA): 3.02 of “social_spend” per unit of “orders” (102 rows).
            [Info/CostPerNewFollower] Cost per new follower: 16.63 (100 rows).
            [Warning/NotCausation] Correlation is not causation: these figures show which columns move together, not what causes what. Seasonality, promotions, prices or other campaigns can drive both sides; a controlled test (for example pausing spend in some weeks or regions) is what measures the effect of social media.
        "#]],
    );
}

#[test]
fn weekly_marketing_it() {
    check(
        "weekly_marketing_iso_csv",
        Lang::It,
        expect![[r#"
            [Key/LeadLag] «sessions» anticipa «revenue» di 2 settimane: r = 0,92, n = 98, p < 0,001 (il migliore di 17 sfasamenti provati, quindi p è ottimistico).
            [Key/LeadLag] «social_spend» e «sessions» si muovono insieme nella stessa settimana: r = 0,48, n = 101, p < 0,001 (il migliore di 9 sfasamenti provati).
            [Key/StrongCorrelation] «orders» e «revenue»: correlazione positiva forte, r = 0,87 (Spearman 0,87), n = 101, p < 0,001.
            [Key/StrongCorrelation] «followers» e «revenue»: correlazione positiva moderata, r = 0,61 (Spearman 0,62), n = 101, p < 0,001.
            [Key/StrongCorrelation] «followers» e «sessions»: correlazione positiva moderata, r = 0,56 (Spearman 0,56), n = 101, p < 0,001.
            [Key/Roas] Il ritorno sulla spesa pubblicitaria (ROAS) è 18,37: ogni unità di «social_spend» corrisponde a 18,37 di «revenue» (101 righe). Conta tutto «revenue» come generato dalla spesa; se è il fatturato totale, il ritorno reale è più basso.
            [Warning/MultipleComparisons] Sono state provate 15 coppie di colonne: con p < 0,05 circa 0,8 sembrerebbero significative solo per caso. I p-value corretti (Benjamini-Hochberg, p_bh) ne tengono conto; 14 coppie restano significative dopo la correzione.
            [Info/RoiNeedsMargin] Il ROI richiede un margine (la quota del fatturato che è profitto); non è stato indicato, quindi si mostrano ROAS, CPA e costo per nuovo follower.
            [Info/Cpa] Costo per acquisizione (CPA): 3,02 di «social_spend» per unità di «orders» (102 righe).
            [Info/CostPerNewFollower] Costo per nuovo follower: 16,63 (100 righe).
            [Warning/NotCausation] Correlazione non è causalità: questi numeri mostrano quali colonne si muovono insieme, non che cosa causa che cosa. Stagionalità, promozioni, prezzi o altre campagne possono muovere entrambe le parti; per misurare l'effetto dei social serve un test controllato (ad esempio sospendere la spesa in alcune settimane o zone).
        "#]],
    );
}

#[test]
fn italian_semicolon_en() {
    check(
        "italian_semicolon_decimal_comma",
        Lang::En,
        expect![[r#"
            [Key/LeadLag] “visite” leads “fatturato” by 1 week: r = 0.47, n = 49, p < 0.001 (best of 13 lags tried, so p is optimistic).
            [Key/StrongCorrelation] “ordini” and “fatturato”: strong positive correlation, r = 0.95 (Spearman 0.86), n = 51, p < 0.001.
            [Key/StrongCorrelation] “spesa_social” and “visite”: moderate positive correlation, r = 0.56 (Spearman 0.48), n = 50, p < 0.001.
            [Key/StrongCorrelation] “follower” and “ordini”: weak positive correlation, r = 0.36 (Spearman 0.44), n = 52, p = 0.008.
            [Key/Roas] Return on ad spend (ROAS) is 13.97: each unit of “spesa_social” came with 13.97 of “fatturato” (50 rows). This counts all of “fatturato” as earned by the spend; if it is total revenue, the real return is lower.
            [Warning/MultipleComparisons] 15 pairs of columns were tested: at p < 0.05 about 0.8 would look significant by chance alone. The adjusted p-values (Benjamini-Hochberg, p_bh) allow for this; 5 pairs remain significant after adjustment.
            [Info/RoiNeedsMargin] ROI needs a margin (the share of revenue that is profit); none was given, so ROAS, CPA and cost per new follower are shown instead.
            [Info/Cpa] Cost per acquisition (CPA): 5.49 of “spesa_social” per unit of “ordini” (51 rows).
            [Info/CostPerNewFollower] Cost per new follower: 14.96 (50 rows).
            [Warning/NotCausation] Correlation is not causation: these figures show which columns move together, not what causes what. Seasonality, promotions, prices or other campaigns can drive both sides; a controlled test (for example pausing spend in some weeks or regions) is what measures the effect of social media.
        "#]],
    );
}

#[test]
fn italian_semicolon_it() {
    check(
        "italian_semicolon_decimal_comma",
        Lang::It,
        expect![[r#"
            [Key/LeadLag] «visite» anticipa «fatturato» di 1 settimana: r = 0,47, n = 49, p < 0,001 (il migliore di 13 sfasamenti provati, quindi p è ottimistico).
            [Key/StrongCorrelation] «ordini» e «fatturato»: correlazione positiva forte, r = 0,95 (Spearman 0,86), n = 51, p < 0,001.
            [Key/StrongCorrelation] «spesa_social» e «visite»: correlazione positiva moderata, r = 0,56 (Spearman 0,48), n = 50, p < 0,001.
            [Key/StrongCorrelation] «follower» e «ordini»: correlazione positiva debole, r = 0,36 (Spearman 0,44), n = 52, p = 0,008.
            [Key/Roas] Il ritorno sulla spesa pubblicitaria (ROAS) è 13,97: ogni unità di «spesa_social» corrisponde a 13,97 di «fatturato» (50 righe). Conta tutto «fatturato» come generato dalla spesa; se è il fatturato totale, il ritorno reale è più basso.
            [Warning/MultipleComparisons] Sono state provate 15 coppie di colonne: con p < 0,05 circa 0,8 sembrerebbero significative solo per caso. I p-value corretti (Benjamini-Hochberg, p_bh) ne tengono conto; 5 coppie restano significative dopo la correzione.
            [Info/RoiNeedsMargin] Il ROI richiede un margine (la quota del fatturato che è profitto); non è stato indicato, quindi si mostrano ROAS, CPA e costo per nuovo follower.
            [Info/Cpa] Costo per acquisizione (CPA): 5,49 di «spesa_social» per unità di «ordini» (51 righe).
            [Info/CostPerNewFollower] Costo per nuovo follower: 14,96 (50 righe).
            [Warning/NotCausation] Correlazione non è causalità: questi numeri mostrano quali colonne si muovono insieme, non che cosa causa che cosa. Stagionalità, promozioni, prezzi o altre campagne possono muovere entrambe le parti; per misurare l'effetto dei social serve un test controllato (ad esempio sospendere la spesa in alcune settimane o zone).
        "#]],
    );
}

#[test]
fn spurious_trend_en() {
    check(
        "spurious_trend_monthly",
        Lang::En,
        expect![[r#"
            [Warning/LeadLag] “revenue” leads “followers” by 3 months: r = 0.99, n = 57, p < 0.001 (best of 7 lags tried, so p is optimistic). Both series trend over time and the link vanishes on period-over-period changes, so this is most likely the shared trend, not a relationship.
            [Warning/StrongCorrelation] “followers” and “revenue”: strong positive correlation, r = 0.98 (Spearman 0.99), n = 60, p < 0.001. Both series trend over time and the link vanishes on period-over-period changes, so this is most likely the shared trend, not a relationship.
            [Warning/TrendOnly] The correlation of “followers” and “revenue” (r = 0.98 on levels) vanishes on period-over-period changes (r = 0.02 on differences, r = -0.02 on % changes, n = 59): both series probably just trend over time, which is no evidence that one drives the other.
            [Warning/NotCausation] Correlation is not causation: these figures show which columns move together, not what causes what. Seasonality, promotions, prices or other campaigns can drive both sides; a controlled test (for example pausing spend in some weeks or regions) is what measures the effect of social media.
        "#]],
    );
}

#[test]
fn spurious_trend_it() {
    check(
        "spurious_trend_monthly",
        Lang::It,
        expect![[r#"
            [Warning/LeadLag] «revenue» anticipa «followers» di 3 mesi: r = 0,99, n = 57, p < 0,001 (il migliore di 7 sfasamenti provati, quindi p è ottimistico). Entrambe le serie hanno una tendenza nel tempo e il legame sparisce sulle variazioni da un periodo all'altro: molto probabilmente è la tendenza comune, non una relazione.
            [Warning/StrongCorrelation] «followers» e «revenue»: correlazione positiva forte, r = 0,98 (Spearman 0,99), n = 60, p < 0,001. Entrambe le serie hanno una tendenza nel tempo e il legame sparisce sulle variazioni da un periodo all'altro: molto probabilmente è la tendenza comune, non una relazione.
            [Warning/TrendOnly] La correlazione tra «followers» e «revenue» (r = 0,98 sui livelli) sparisce sulle variazioni da un periodo all'altro (r = 0,02 sulle differenze, r = -0,02 sulle variazioni %, n = 59): probabilmente entrambe le serie seguono solo una tendenza nel tempo, e questo non prova che una influenzi l'altra.
            [Warning/NotCausation] Correlazione non è causalità: questi numeri mostrano quali colonne si muovono insieme, non che cosa causa che cosa. Stagionalità, promozioni, prezzi o altre campagne possono muovere entrambe le parti; per misurare l'effetto dei social serve un test controllato (ad esempio sospendere la spesa in alcune settimane o zone).
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
