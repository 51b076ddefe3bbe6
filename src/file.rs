//! Reading a file parity was pointed at — a matrix, `parity.toml`, a report,
//! a source file — the one safe way. The path may name anything: a link to
//! `/dev/zero` (endless), a FIFO (opening it blocks until a writer comes), a
//! file that grows while it is read. So only regular files are read, and
//! through a reader capped one byte past [`MAX_FILE_BYTES`], which bounds
//! memory by the bytes actually read, not by what the metadata claims.

use std::io::Read as _;
use std::path::Path;

/// The largest file parity reads. A matrix of 10,000 surfaces is a few
/// megabytes, and so is a large route module; anything far larger is a
/// mistake, not an input.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The system refused: no such file, no permission.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A device, a FIFO or a socket: possibly endless, possibly never answering.
    #[error("not a regular file (a device, a pipe or a socket is never read)")]
    NotAFile,
    /// Past [`MAX_FILE_BYTES`]; `size` is the length the metadata gave, when
    /// the file was refused before reading.
    #[error("larger than {} MiB", MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge { size: Option<u64> },
    /// Not UTF-8: the bytes up to `valid_up_to` are.
    #[error("not UTF-8 text")]
    NotUtf8 { valid_up_to: usize, bytes: Vec<u8> },
}

/// The bytes of the regular file at `path` (links followed), at most
/// [`MAX_FILE_BYTES`] of them.
///
/// On Unix the file is opened first and asked what it is through its
/// handle: one lookup of the path instead of two, for a scan that reads
/// tens of thousands of files. Opening does not block on a FIFO (it is opened
/// non-blocking, then refused for what it is).
///
/// # Errors
/// When the file cannot be opened, is not a regular file, or is too large.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = match open_without_blocking(path) {
        Ok(file) => file,
        // A socket cannot be opened at all: say what it is, not how opening failed.
        Err(error) => {
            return Err(match std::fs::metadata(path) {
                Ok(metadata) if !metadata.is_file() => ReadError::NotAFile,
                _ => ReadError::Io(error),
            });
        }
    };
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(ReadError::NotAFile);
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge { size: Some(metadata.len()) });
    }
    read_capped(file, metadata.len(), MAX_FILE_BYTES)
}

/// Opens `path` for reading without waiting for a writer: a FIFO opened
/// for reading otherwise blocks until one comes. The flag changes nothing
/// for the regular files that are then read.
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

/// Elsewhere, what the path names is asked first, and only a regular file
/// is opened.
#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    std::fs::File::open(path)
}

/// At most `limit` bytes of `reader`, which claims to hold `claimed`. The
/// claim only sizes the buffer: a file may grow while it is read, and a
/// file of `/proc` says 0 and holds more, so one byte past `limit` is read
/// to tell, and no more.
fn read_capped(reader: impl std::io::Read, claimed: u64, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(usize::try_from(claimed.min(limit)).unwrap_or_default());
    reader.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { size: None });
    }
    Ok(bytes)
}

/// [`read_bytes`], as UTF-8 text.
///
/// # Errors
/// As [`read_bytes`], and when the bytes are not UTF-8.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    into_text(read_bytes(path)?)
}

/// `bytes` as UTF-8 text, or where they stop being UTF-8.
///
/// # Errors
/// [`ReadError::NotUtf8`], with the bytes.
pub fn into_text(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|error| ReadError::NotUtf8 {
        valid_up_to: error.utf8_error().valid_up_to(),
        bytes: error.into_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "surfaces: []\n").unwrap();
        assert_eq!(read_text(&path).unwrap(), "surfaces: []\n");
    }

    #[test]
    fn a_directory_or_a_device_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read_bytes(dir.path()), Err(ReadError::NotAFile)));
        #[cfg(unix)]
        if Path::new("/dev/zero").exists() {
            let link = dir.path().join("zero.yaml");
            std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
            assert!(matches!(read_bytes(&link), Err(ReadError::NotAFile)), "a link to an endless device");
        }
    }

    /// Opening a FIFO for reading waits for a writer unless it is opened
    /// non-blocking: it is refused at once instead.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("openapi.yaml");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs").success());
        assert!(matches!(read_bytes(&fifo), Err(ReadError::NotAFile)));
    }

    /// The limit holds for the bytes read, whatever the length claimed:
    /// an endless reader that says it is empty stops one byte past it.
    #[test]
    fn the_limit_counts_bytes_read_not_the_length_the_metadata_claims() {
        let endless = std::io::repeat(b'a');
        assert!(matches!(read_capped(endless, 0, 1024), Err(ReadError::TooLarge { size: None })));
        assert_eq!(read_capped(&b"0123456789"[..], 0, 10).unwrap(), b"0123456789");
        assert!(matches!(read_capped(&b"0123456789"[..], 0, 9), Err(ReadError::TooLarge { size: None })));
    }

    #[test]
    fn text_that_is_not_utf8_says_where_it_stops_being_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, b"ab\xffc").unwrap();
        match read_text(&path) {
            Err(ReadError::NotUtf8 { valid_up_to, bytes }) => assert_eq!((valid_up_to, bytes.len()), (2, 4)),
            other => panic!("{other:?}"),
        }
    }
}
