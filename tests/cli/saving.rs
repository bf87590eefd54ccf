//! Where `ask --save` and `rules init` write: checked before the first
//! question, never through a link or over a device or directory unless
//! asked, whole or not at all.

use crate::common::cmd;

#[cfg(unix)]
mod save {
    use crate::pty::Pty;

    /// `ask --save TARGET` is refused before any question, with `why`.
    fn refused(target: &str, extra: &[&str], why: &str) {
        let mut args = vec!["ask", "--save", target];
        args.extend(extra);
        let mut p = Pty::spawn(&args, 100);
        p.wait_for(why);
        assert_eq!(p.finish(), 2, "{target}: {}", p.seen);
        assert!(!p.seen.contains("Question 1"), "{}", p.seen);
    }

    #[test]
    fn a_link_a_device_a_directory_or_a_dash_is_refused_before_any_question() {
        let dir = tempfile::tempdir().expect("temp dir");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(dir.path().join("elsewhere.json"), &link).expect("symlink");
        let link = link.to_str().expect("utf-8");
        refused(link, &[], "it is a symbolic link; use --force");
        refused(
            "/dev/null",
            &[],
            "it is a device or other special file, not a file",
        );
        refused(
            "/dev/null",
            &["--force"],
            "it is a device or other special file",
        );
        refused(
            dir.path().to_str().expect("utf-8"),
            &[],
            "it is a directory, not a file",
        );
        refused(
            "-",
            &[],
            "standard output shows the result; give a file name",
        );
        let kept = dir.path().join("answers.json");
        std::fs::write(&kept, "{\"age\": 35}").expect("writes");
        refused(
            kept.to_str().expect("utf-8"),
            &[],
            "a file of that name is already there; use --force to replace it",
        );
        assert_eq!(
            std::fs::read_to_string(&kept).expect("kept"),
            "{\"age\": 35}"
        );
    }

    #[test]
    fn a_directory_that_cannot_be_written_in_is_refused_before_any_question() {
        // /proc refuses new files even to root.
        refused("/proc/answers.json", &[], "/proc cannot be written in");
    }

    #[test]
    fn with_force_a_link_is_accepted_before_the_first_question() {
        let dir = tempfile::tempdir().expect("temp dir");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(dir.path().join("elsewhere.json"), &link).expect("symlink");
        let mut p = Pty::spawn(
            &["ask", "--save", link.to_str().expect("utf-8"), "--force"],
            100,
        );
        p.wait_for("Question 1 of");
        p.press(&["\x1b"]);
        assert_eq!(p.finish(), 130);
    }
}

#[cfg(unix)]
#[test]
fn rules_init_does_not_follow_a_dangling_link_out_of_its_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let outside = tempfile::tempdir().expect("temp dir");
    let target = outside.path().join("escaped.toml");
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).expect("mkdir");
    std::os::unix::fs::symlink(&target, rules.join("triage.toml")).expect("symlink");
    let out = cmd()
        .args(["rules", "init"])
        .arg(&rules)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert!(!target.exists(), "written through the link");
    let out = cmd()
        .args(["rules", "init", "--force"])
        .arg(&rules)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !target.exists(),
        "--force replaces the link, never writes through it"
    );
    let meta = std::fs::symlink_metadata(rules.join("triage.toml")).expect("written");
    assert!(meta.is_file());
}

#[cfg(unix)]
#[test]
fn rules_init_force_keeps_the_mode_of_a_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("triage.toml");
    std::fs::write(&file, "old").expect("write");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let out = cmd()
        .args(["rules", "init", "--force"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let meta = std::fs::metadata(&file).expect("written");
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    assert_ne!(std::fs::read_to_string(&file).expect("read"), "old");
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
    assert_eq!(
        names.len(),
        crate::common::repo_rules()
            .read_dir()
            .expect("list")
            .count()
    );
}
