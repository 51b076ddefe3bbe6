//! JUnit XML: a test suite per deployment, a test case per surface; a case
//! fails when a finding of that surface on that deployment fails the run.
//! A failing finding no probe case carries (a route never requested for want
//! of a sample parameter, a finding of no deployment) gets a case of its own
//! in a `parity` suite: the XML fails whenever the run does.

use std::collections::HashSet;
use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{CheckReport, Line};
use crate::finding::Finding;
use crate::matrix::Surface;

/// Writes the XML.
pub fn write(out: &mut dyn Write, report: &CheckReport<'_>) -> io::Result<()> {
    let mut junit = Report::new("parity check");
    let mut deployments: Vec<&str> = report.results.iter().map(|r| r.deployment.as_str()).collect();
    deployments.sort_unstable();
    deployments.dedup();
    let surfaces = report.surfaces();
    let mut carried: HashSet<*const Finding> = HashSet::new();
    for deployment in deployments {
        let mut suite = TestSuite::new(deployment);
        for (surface, lines) in &surfaces {
            let lines: Vec<&Line<'_>> = lines.iter().filter(|l| l.result.deployment == deployment).collect();
            if lines.is_empty() {
                continue;
            }
            let prefix = format!("{deployment} ");
            let failing: Vec<&Finding> = report
                .findings_of(&surface.id)
                .filter(|f| f.fails(report.fail_on) && f.subject.as_deref().is_some_and(|s| s.starts_with(&prefix)))
                .collect();
            carried.extend(failing.iter().map(|f| std::ptr::from_ref(*f)));
            suite.add_test_case(surface_case(deployment, surface, &lines, &failing));
        }
        junit.add_test_suite(suite);
    }
    let uncarried: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.fails(report.fail_on) && !carried.contains(&std::ptr::from_ref(*f)))
        .collect();
    if !uncarried.is_empty() {
        junit.add_test_suite(uncarried_suite(&uncarried));
    }
    junit.serialize(&mut *out).map_err(io::Error::other)?;
    writeln!(out)
}

/// The case of one surface on one deployment: its probes as system-out,
/// failing with the findings that fail the run.
fn surface_case(deployment: &str, surface: &Surface, lines: &[&Line<'_>], failing: &[&Finding]) -> TestCase {
    let messages: Vec<String> = failing.iter().map(|f| format!("{}: {}", f.code, f.message)).collect();
    let status = if let Some(first) = messages.first() {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status.set_message(first.clone()).set_description(messages.join("\n"));
        status
    } else {
        TestCaseStatus::success()
    };
    let mut case = TestCase::new(surface.id.value.clone(), status);
    case.set_classname(deployment);
    let probes: Vec<String> =
        lines.iter().map(|l| format!("{} {} {} -> {}", l.method, l.result.url, l.route, l.result.verdict)).collect();
    case.set_system_out(probes.join("\n"));
    case
}

/// One failing case per finding that no probe case carries.
fn uncarried_suite(findings: &[&Finding]) -> TestSuite {
    let mut suite = TestSuite::new("parity");
    for finding in findings {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status.set_message(format!("{}: {}", finding.code, finding.message));
        let name = match (&finding.surface, &finding.subject) {
            (Some(surface), Some(subject)) => format!("{surface}: {subject}"),
            (Some(name), None) | (None, Some(name)) => name.clone(),
            (None, None) => finding.code.to_string(),
        };
        let mut case = TestCase::new(name, status);
        case.set_classname("parity");
        suite.add_test_case(case);
    }
    suite
}
