//! The photo fallback under attack (issue 11), against the real binary: a PNG tiled with QR
//! finder patterns (which kept rqrr busy for minutes) is answered within the deadline and
//! holds one of the two places, so a third photo meanwhile is turned away with 503; huge images
//! are refused from their header, six at once leaving the process's peak memory small.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::{drop_postgres, test_database};
use crate::launcher::Server;

/// A greyscale PNG of `side` × `side` pixels tiled with finder patterns of one-pixel modules,
/// a pixel apart: thousands of capstones for rqrr to group.
fn finder_patterns(side: u32) -> Vec<u8> {
    let cell = 8;
    let mut pixels = vec![255u8; usize::try_from(side * side).unwrap()];
    for y in 0..side {
        for x in 0..side {
            let (cx, cy) = (x % cell, y % cell);
            if cx >= 7 || cy >= 7 {
                continue;
            }
            let ring = cx.min(cy).min(6 - cx).min(6 - cy);
            if ring != 1 {
                pixels[usize::try_from(y * side + x).unwrap()] = 0;
            }
        }
    }
    png_of(side, side, png::ColorType::Grayscale, &pixels)
}

fn png_of(w: u32, h: u32, color: png::ColorType, pixels: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(color);
        enc.set_compression(png::Compression::Fast);
        let mut writer = enc.write_header().unwrap();
        writer.write_image_data(pixels).unwrap();
    }
    out
}

fn send(base: &str, png: &[u8]) -> (u16, Value) {
    let answer = ureq::post(&format!("{base}/check/photo"))
        .set("Content-Type", "image/png")
        .send_bytes(png);
    let response = match answer {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    let status = response.status();
    (status, response.into_json().unwrap_or(Value::Null))
}

fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[test]
fn hostile_photos_are_refused_in_time_two_at_a_time_and_in_little_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (url, postgres) = test_database(dir.path());
    let keys = dir.path().join("keys");
    let mut server = Server::start(&url, &keys, &["--verify-rate-per-minute", "0"], &[]);
    let base = server.base.clone();

    // Images over the budget are refused from their header, before their pixels are allocated:
    // six 8192 × 8192 RGBA images at once (256 MiB each once decoded).
    let white = vec![255u8; 8192 * 8192 * 4];
    let huge = png_of(8192, 8192, png::ColorType::Rgba, &white);
    drop(white);
    assert!(huge.len() < 4 * 1024 * 1024, "{} bytes", huge.len());
    let before = peak_rss_kib(server.pid());
    let senders: Vec<_> = (0..6)
        .map(|_| {
            let (base, png) = (base.clone(), huge.clone());
            std::thread::spawn(move || send(&base, &png))
        })
        .collect();
    let mut refused = 0;
    for sender in senders {
        let (status, problem) = sender.join().unwrap();
        // Refused from the header, or 503 when the two places were taken by the others.
        assert!(status == 400 || status == 503, "{status} {problem}");
        if status == 400 {
            refused += 1;
            assert_eq!(problem["code"], "image_too_large", "{problem}");
        }
    }
    assert!(refused >= 2, "at least the first two were read: {refused}");
    let after = peak_rss_kib(server.pid());
    assert!(
        after < before + 100 * 1024,
        "the peak RSS grew from {before} KiB to {after} KiB"
    );

    // Two hostile photos take the two places; each is answered within the deadline.
    let hostile = finder_patterns(640);
    let senders: Vec<_> = (0..2)
        .map(|_| {
            let (base, png) = (base.clone(), hostile.clone());
            std::thread::spawn(move || {
                let started = Instant::now();
                let answer = send(&base, &png);
                (answer, started.elapsed())
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    // Meanwhile a third photo finds no place.
    let (status, busy) = send(&base, &hostile);
    assert_eq!(status, 503, "{busy}");
    for sender in senders {
        let ((status, problem), took) = sender.join().unwrap();
        assert_eq!(status, 422, "{problem}");
        assert_eq!(
            problem["errors"][0]["code"], "image_too_complex",
            "{problem}"
        );
        assert!(took < Duration::from_secs(6), "answered in {took:?}");
    }

    server.stop();
    if let Some((admin, name)) = postgres {
        drop_postgres(&admin, &name);
    }
}
