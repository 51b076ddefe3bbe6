//! Integration tests, built into one binary to keep link time low.

mod action;
mod architecture;
mod bad_input;
mod browser;
mod cases;
mod check;
mod check_render;
mod cli;
mod code_scanning;
mod demo;
mod diff;
mod gate;
mod own_matrix;
mod probe;
mod render;
mod report;
mod report_page;
mod scan;
mod secrets;
mod support;
