package motion

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

func TestWrapPi(t *testing.T) {
	tests := []struct{ in, want float64 }{
		{0, 0},
		{math.Pi, -math.Pi},
		{-math.Pi, -math.Pi},
		{3 * math.Pi / 2, -math.Pi / 2},
		{-3 * math.Pi / 2, math.Pi / 2},
		{4 * math.Pi, 0},
		{math.Nextafter(-math.Pi, -4), -math.Pi}, // used to round to +π
	}
	for _, tt := range tests {
		if got := WrapPi(tt.in); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("WrapPi(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.Float64Range(-100, 100).Draw(t, "a")
		w := WrapPi(a)
		if w < -math.Pi || w >= math.Pi {
			t.Fatalf("WrapPi(%v) = %v outside [-π, π)", a, w)
		}
		if AngleDiff(w, a) > 1e-12 {
			t.Fatalf("WrapPi(%v) = %v is another angle", a, w)
		}
	})
}

func TestAngleDiffAndDistance(t *testing.T) {
	tests := []struct{ a, b, want float64 }{
		{0, 0, 0},
		{0.1, -0.1, 0.2},
		{math.Pi - 0.1, -math.Pi + 0.1, 0.2},
		{0, math.Pi, math.Pi},
		{0, 2 * math.Pi, 0},
	}
	for _, tt := range tests {
		if got := AngleDiff(tt.a, tt.b); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("AngleDiff(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if got := Distance(pose(0, 0, 0, 0), pose(3, 4, 0, math.Pi/2)); math.Abs(got-(5+math.Pi/2)) > 1e-12 {
		t.Errorf("Distance = %v, want 5+π/2", got)
	}
}
