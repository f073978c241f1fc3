//! Argon2id password hashes, computed on threads of their own, one per core, each with
//! one working memory that it reuses for every hash while logins keep coming and gives
//! back once none has come for [`KEEP_MEMORY`]. Memory is then bounded by construction
//! (cores × [`MEMORY_KIB`] while hashing, nothing when idle); letting the crate allocate
//! per hash on the blocking pool left glibc holding 57 MiB per thread after a few logins.

use std::cell::RefCell;
use std::sync::LazyLock;
use std::time::Duration;

use anyhow::{Context, anyhow};
use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, unbounded};
use tokio::sync::oneshot;

/// Memory per hash, 12 MiB with [`PASSES`] passes and one lane: one of the settings
/// OWASP lists as equally strong as 19 MiB with two passes (the crate's default), for
/// about the same CPU time and two thirds of the memory. Stored hashes carry their own
/// parameters, so hashes made with other settings still verify.
pub const MEMORY_KIB: u32 = 12 * 1024;
pub const PASSES: u32 = 3;
const SALT_BYTES: usize = 16;
const OUTPUT_BYTES: usize = 32;
/// How long a hashing thread keeps its working memory with no hash to compute. A 12 MiB
/// block freed is unmapped at once (glibc maps blocks this large on their own), so an
/// idle server holds none.
const KEEP_MEMORY: Duration = Duration::from_secs(2);

/// A hash of a random value, verified against when the username is unknown so that a
/// missing account takes as long to refuse as a wrong password.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_blocking(&uuid::Uuid::new_v4().to_string()).unwrap_or_default());

type Job = Box<dyn FnOnce() + Send>;

/// The queue of the hashing threads, started on first use.
static WORKERS: LazyLock<Sender<Job>> = LazyLock::new(|| {
    let (sender, receiver) = unbounded::<Job>();
    for i in 0..std::thread::available_parallelism().map_or(1, |n| n.get()) {
        let receiver = receiver.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("argon2-{i}"))
            .spawn(move || hash_jobs(&receiver));
        if let Err(e) = spawned {
            tracing::error!(error = %e, "could not start a password hashing thread");
        }
    }
    sender
});

/// A hashing thread's life: run jobs as they come; when none has come for
/// [`KEEP_MEMORY`], give the working memory back and wait for the next.
fn hash_jobs(queue: &Receiver<Job>) {
    loop {
        let job = match queue.recv_timeout(KEEP_MEMORY) {
            Ok(job) => job,
            Err(RecvTimeoutError::Timeout) => {
                MEMORY.take();
                match queue.recv() {
                    Ok(job) => job,
                    Err(_) => return,
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        job();
    }
}

thread_local! {
    /// This hashing thread's working memory, grown to the largest hash it has computed.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Runs `work` on a hashing thread and waits for its result.
async fn on_a_hashing_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<T> {
    let (done, result) = oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = done.send(work());
    });
    WORKERS
        .send(job)
        .map_err(|_| anyhow!("no password hashing thread is running"))?;
    result.await.context("password hashing task failed")
}

/// Hashes `password` with Argon2id (random salt) as a PHC string.
pub async fn hash(password: String) -> anyhow::Result<String> {
    on_a_hashing_thread(move || hash_blocking(&password)).await?
}

/// Whether `password` matches the PHC string `hash`; `None` verifies against a dummy hash
/// and always fails.
pub async fn verify(password: String, hash: Option<String>) -> anyhow::Result<bool> {
    on_a_hashing_thread(move || {
        let matched = verify_blocking(&password, hash.as_deref().unwrap_or(&DUMMY_HASH));
        matched && hash.is_some()
    })
    .await
}

/// Argon2 of `password` and `salt` into `out`, in this thread's working memory.
fn compute(argon2: &Argon2, params: &Params, password: &[u8], salt: &[u8], out: &mut [u8]) -> bool {
    MEMORY.with_borrow_mut(|memory| {
        let blocks = params.block_count();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        argon2
            .hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
            .is_ok()
    })
}

fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let params = Params::new(MEMORY_KIB, PASSES, 1, Some(OUTPUT_BYTES))
        .map_err(|e| anyhow!("Argon2 parameters: {e}"))?;
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt = Salt::new(&rand::random::<[u8; SALT_BYTES]>()).map_err(|e| anyhow!("salt: {e}"))?;
    let mut out = [0u8; OUTPUT_BYTES];
    if !compute(&argon2, &params, password.as_bytes(), &salt, &mut out) {
        return Err(anyhow!("hashing a password failed"));
    }
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| anyhow!("parameters: {e}"))?,
        salt: Some(salt),
        hash: Some(Output::new(&out).map_err(|e| anyhow!("output: {e}"))?),
    };
    Ok(phc.to_string())
}

/// Recomputes the hash with the parameters, salt and length stored in `hash` and compares
/// the outputs in constant time. Anything unreadable fails.
fn verify_blocking(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(version) => version.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let mut out = vec![0u8; expected.len()];
    compute(&argon2, &params, password.as_bytes(), salt, &mut out)
        && Output::new(&out).is_ok_and(|actual| actual == *expected)
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::PasswordHasher;

    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() {
        let hashed = hash("Correct-Horse-9".to_owned()).await.expect("hash");
        assert!(
            hashed.starts_with("$argon2id$v=19$m=12288,t=3,p=1$"),
            "{hashed}"
        );
        assert!(
            verify("Correct-Horse-9".to_owned(), Some(hashed.clone()))
                .await
                .expect("verify")
        );
        assert!(
            !verify("correct-horse-9".to_owned(), Some(hashed))
                .await
                .expect("verify")
        );
    }

    #[tokio::test]
    async fn two_hashes_of_one_password_differ_by_their_salt() {
        let one = hash("Correct-Horse-9".to_owned()).await.expect("hash");
        let two = hash("Correct-Horse-9".to_owned()).await.expect("hash");
        assert_ne!(one, two);
    }

    #[tokio::test]
    async fn hashes_made_by_the_crate_with_other_parameters_still_verify() {
        // The crate's default (19 MiB, two passes), as earlier versions stored it.
        let old = Argon2::default()
            .hash_password(b"Correct-Horse-9")
            .expect("hash")
            .to_string();
        assert!(old.contains("m=19456,t=2,p=1"), "{old}");
        assert!(
            verify("Correct-Horse-9".to_owned(), Some(old.clone()))
                .await
                .expect("verify")
        );
        assert!(!verify("wrong".to_owned(), Some(old)).await.expect("verify"));
    }

    #[tokio::test]
    async fn our_hashes_verify_with_the_crate_too() {
        use argon2::password_hash::PasswordVerifier;
        let ours = hash("Correct-Horse-9".to_owned()).await.expect("hash");
        let parsed = PasswordHash::new(&ours).expect("a PHC string");
        assert!(
            Argon2::default()
                .verify_password(b"Correct-Horse-9", &parsed)
                .is_ok()
        );
        assert!(
            Argon2::default()
                .verify_password(b"wrong", &parsed)
                .is_err()
        );
    }

    #[tokio::test]
    async fn unknown_accounts_and_garbage_hashes_never_verify() {
        assert!(!verify("anything".to_owned(), None).await.expect("verify"));
        assert!(
            !verify("x".to_owned(), Some("not-a-phc-string".to_owned()))
                .await
                .expect("verify")
        );
        // A PHC string without its hash output, or of another algorithm.
        assert!(
            !verify(
                "x".to_owned(),
                Some("$argon2id$v=19$m=12288,t=3,p=1$c2FsdHNhbHQ".to_owned())
            )
            .await
            .expect("verify")
        );
        assert!(
            !verify(
                "x".to_owned(),
                Some("$scrypt$ln=16,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA".to_owned())
            )
            .await
            .expect("verify")
        );
    }
}
