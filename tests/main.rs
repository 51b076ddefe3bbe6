//! Integration tests, built into one binary to keep link time low.

mod architecture;
mod bad_input;
mod browser;
mod cases;
mod check;
mod cli;
mod demo;
mod diff;
mod gate;
mod own_matrix;
mod probe;
mod render;
mod scan;
mod secrets;
mod support;
