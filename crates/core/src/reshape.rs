//! Reshaping tables: joining several files on date, aggregating event-level rows, resampling periods.
