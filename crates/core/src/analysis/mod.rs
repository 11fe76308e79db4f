//! The analysis plan and the report: runs the planned analyses over a table and lays out the results.
