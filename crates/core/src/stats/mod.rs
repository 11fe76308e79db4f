//! Statistics over columns: descriptives, correlations (Pearson, Spearman, Kendall), regression, tests.
