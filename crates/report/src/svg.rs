//! Chart geometry for the HTML report: small pure functions that turn scores
//! into SVG coordinates and path data. No charting crate draws radars, gauges
//! and packed unit charts the way the report needs, and each is a few lines of
//! trigonometry. Everything here returns numbers or path strings built from
//! numbers only, so nothing a user wrote can reach the markup through it.

use std::f64::consts::{FRAC_PI_2, PI, TAU};
use std::fmt::Write;

/// A coordinate as SVG wants it: one decimal is finer than a pixel.
pub fn num(x: f64) -> String {
    let s = format!("{x:.1}");
    // `-0.0` reads oddly in markup and means the same as `0.0`.
    if s == "-0.0" {
        "0.0".into()
    } else {
        s
    }
}

/// The angle of axis `i` of `n`: the first points straight up, the rest follow clockwise.
pub fn axis_angle(i: usize, n: usize) -> f64 {
    -FRAC_PI_2 + TAU * i as f64 / n.max(1) as f64
}

/// The point at `value` (0–100) along axis `i` of `n`, for a radar of `radius` around (cx, cy).
pub fn radar_point(cx: f64, cy: f64, radius: f64, i: usize, n: usize, value: f64) -> (f64, f64) {
    let r = radius * value.clamp(0.0, 100.0) / 100.0;
    let a = axis_angle(i, n);
    (cx + r * a.cos(), cy + r * a.sin())
}

/// `x,y x,y …` for a polygon through `values`, one per axis.
pub fn radar_polygon(cx: f64, cy: f64, radius: f64, values: &[f64]) -> String {
    let n = values.len();
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let (x, y) = radar_point(cx, cy, radius, i, n, v);
            format!("{},{}", num(x), num(y))
        })
        .collect();
    points.join(" ")
}

/// How an axis label is anchored, so labels sit outside the web
/// on every side: `start` on the right, `end` on the left, `middle` at top and bottom.
pub fn label_anchor(i: usize, n: usize) -> (&'static str, f64) {
    let a = axis_angle(i, n);
    let (cos, sin) = (a.cos(), a.sin());
    let anchor = if cos > 0.3 {
        "start"
    } else if cos < -0.3 {
        "end"
    } else {
        "middle"
    };
    // Labels are two lines (name, then score), given as the first line's offset in em:
    // above the web they grow upwards, below it they hang down, beside it they centre.
    let dy = if sin < -0.3 {
        -1.45
    } else if sin > 0.3 {
        1.0
    } else {
        -0.25
    };
    (anchor, dy)
}

/// The point at `value` (0–100) on a semicircular gauge from the left (0) over the top to the right (100).
pub fn gauge_point(cx: f64, cy: f64, r: f64, value: f64) -> (f64, f64) {
    let theta = PI * (1.0 - value.clamp(0.0, 100.0) / 100.0);
    (cx + r * theta.cos(), cy - r * theta.sin())
}

/// Path data for the gauge's arc from 0 to `value`; empty for 0 (an arc of no length).
pub fn gauge_arc(cx: f64, cy: f64, r: f64, value: f64) -> String {
    if value <= 0.0 {
        return String::new();
    }
    let (x0, y0) = gauge_point(cx, cy, r, 0.0);
    let (x1, y1) = gauge_point(cx, cy, r, value);
    // Half a circle at most, so the small arc, swept clockwise (over the top).
    format!("M{},{} A{},{} 0 0 1 {},{}", num(x0), num(y0), num(r), num(r), num(x1), num(y1))
}

/// How to lay `n` equal markers out in a `w`×`h` box: (columns, cell size),
/// choosing the column count that gives the largest cells.
pub fn pack(n: usize, w: f64, h: f64) -> (usize, f64) {
    if n == 0 {
        return (1, w.min(h));
    }
    (1..=n)
        .map(|cols| {
            let rows = n.div_ceil(cols);
            (cols, (w / cols as f64).min(h / rows as f64))
        })
        .fold((1, 0.0), |best, c| if c.1 > best.1 { c } else { best })
}

/// The centre of marker `k` in a packed box at (x, y): rows fill left to right, top down.
pub fn packed_center(k: usize, cols: usize, cell: f64, x: f64, y: f64) -> (f64, f64) {
    let (row, col) = (k / cols.max(1), k % cols.max(1));
    (x + cell * (col as f64 + 0.5), y + cell * (row as f64 + 0.5))
}

/// Marker shapes, one per model, so the map reads in grey print and for colour-blind eyes.
pub const SHAPES: usize = 6;

/// Path data for marker `shape` (taken modulo [`SHAPES`]) of radius `r` centred on (cx, cy):
/// circle, square, triangle, diamond, triangle pointing down, hexagon.
pub fn marker_path(shape: usize, cx: f64, cy: f64, r: f64) -> String {
    let polygon = |corners: usize, start: f64, scale: f64| -> String {
        let mut d = String::new();
        for k in 0..corners {
            let a = start + TAU * k as f64 / corners as f64;
            let cmd = if k == 0 { 'M' } else { 'L' };
            let _ = write!(d, "{cmd}{},{} ", num(cx + scale * r * a.cos()), num(cy + scale * r * a.sin()));
        }
        d.push('Z');
        d
    };
    match shape % SHAPES {
        0 => format!(
            "M{},{} A{r},{r} 0 1 0 {},{} A{r},{r} 0 1 0 {},{} Z",
            num(cx - r),
            num(cy),
            num(cx + r),
            num(cy),
            num(cx - r),
            num(cy),
            r = num(r)
        ),
        // Polygons are scaled up a little so their area matches a circle's.
        1 => polygon(4, PI / 4.0, 1.25),
        2 => polygon(3, -FRAC_PI_2, 1.35),
        3 => polygon(4, 0.0, 1.25),
        4 => polygon(3, FRAC_PI_2, 1.35),
        _ => polygon(6, 0.0, 1.1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9
    }

    #[test]
    fn the_first_axis_points_up_and_the_rest_go_clockwise() {
        assert!(close(radar_point(0.0, 0.0, 100.0, 0, 6, 100.0), (0.0, -100.0)));
        // A quarter of the way round a four-axis web: straight right (SVG's y grows downwards).
        assert!(close(radar_point(0.0, 0.0, 100.0, 1, 4, 100.0), (100.0, 0.0)));
        assert!(close(radar_point(10.0, 20.0, 100.0, 2, 4, 50.0), (10.0, 70.0)));
    }

    #[test]
    fn radar_values_are_clamped_to_the_web() {
        assert!(close(radar_point(0.0, 0.0, 80.0, 0, 6, 250.0), radar_point(0.0, 0.0, 80.0, 0, 6, 100.0)));
        assert!(close(radar_point(5.0, 5.0, 80.0, 3, 6, -3.0), (5.0, 5.0)));
    }

    #[test]
    fn a_radar_polygon_has_one_point_per_axis() {
        let p = radar_polygon(100.0, 100.0, 50.0, &[100.0, 0.0, 0.0, 0.0]);
        assert_eq!(p, "100.0,50.0 100.0,100.0 100.0,100.0 100.0,100.0");
        assert_eq!(radar_polygon(0.0, 0.0, 50.0, &[50.0; 6]).split(' ').count(), 6);
    }

    #[test]
    fn labels_sit_outside_the_web() {
        assert_eq!(label_anchor(0, 6).0, "middle");
        assert_eq!(label_anchor(1, 6).0, "start");
        assert_eq!(label_anchor(3, 6).0, "middle");
        assert_eq!(label_anchor(5, 6).0, "end");
        assert!(label_anchor(0, 6).1 < 0.0 && label_anchor(3, 6).1 > 0.0);
    }

    #[test]
    fn the_gauge_runs_from_left_over_the_top_to_right() {
        assert!(close(gauge_point(100.0, 100.0, 80.0, 0.0), (20.0, 100.0)));
        let top = gauge_point(100.0, 100.0, 80.0, 50.0);
        assert!((top.0 - 100.0).abs() < 1e-9 && (top.1 - 20.0).abs() < 1e-9);
        assert!(close(gauge_point(100.0, 100.0, 80.0, 100.0), (180.0, 100.0)));
        assert_eq!(gauge_arc(100.0, 100.0, 80.0, 0.0), "");
        assert_eq!(gauge_arc(100.0, 100.0, 80.0, 100.0), "M20.0,100.0 A80.0,80.0 0 0 1 180.0,100.0");
    }

    #[test]
    fn packing_uses_the_space_and_never_overflows() {
        assert_eq!(pack(1, 100.0, 50.0), (1, 50.0));
        assert_eq!(pack(2, 100.0, 50.0), (2, 50.0));
        for n in [1, 3, 7, 50, 300] {
            let (cols, cell) = pack(n, 180.0, 120.0);
            let rows = n.div_ceil(cols);
            assert!(cols as f64 * cell <= 180.0 + 1e-9 && rows as f64 * cell <= 120.0 + 1e-9, "n={n}");
            let (x, y) = packed_center(n - 1, cols, cell, 0.0, 0.0);
            assert!(x < 180.0 && y < 120.0);
        }
    }

    #[test]
    fn markers_are_closed_paths_of_numbers() {
        for shape in 0..SHAPES + 1 {
            let d = marker_path(shape, 10.0, 10.0, 4.0);
            assert!(d.starts_with('M') && d.ends_with('Z'), "{d}");
            assert!(d.chars().all(|c| c.is_ascii_digit() || " .,-MLAZ".contains(c)), "{d}");
        }
        assert_ne!(marker_path(1, 0.0, 0.0, 4.0), marker_path(2, 0.0, 0.0, 4.0));
    }

    #[test]
    fn negative_zero_is_written_as_zero() {
        assert_eq!(num(-0.01), "0.0");
        assert_eq!(num(-1.26), "-1.3");
    }
}
