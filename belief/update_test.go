package belief

import (
	"math"
	"testing"
)

// Reference values of model §3.5 (tpr = tnr = 0.9).
func TestUpdateReferenceValues(t *testing.T) {
	cases := []struct{ p, post, gain, tol float64 }{
		{0.5, 0.1, 0.531004, 1e-6},
		{0.49, 0.09646, 0.54205, 1e-5},
		{0.6, 0.93103, 0.60890, 1e-5},
	}
	for _, c := range cases {
		post, gain := Update(c.p, 0.9, 0.9)
		if math.Abs(post-c.post) > c.tol || math.Abs(gain-c.gain) > c.tol {
			t.Errorf("Update(%v) = (%.6f, %.6f), want (%v, %v)", c.p, post, gain, c.post, c.gain)
		}
	}
	if _, g := Update(1e-6, 0.9, 0.9); g <= 0 || g > 3e-5 {
		t.Errorf("gain at p=1e-6 = %g, want about 2e-5", g)
	}
}

func TestObserve(t *testing.T) {
	if got := Observe(0.5, 0.9, 0.9, false); math.Abs(got-0.1) > 1e-12 {
		t.Errorf("miss at 0.5 = %v, want 0.1", got)
	}
	if got := Observe(0.3, 0.9, 0.9, true); got <= 0.3 {
		t.Errorf("a detection must raise the probability, got %v", got)
	}
	if got := Observe(0, 0.9, 0.9, true); got != 0 {
		t.Errorf("a certain-empty cell stays empty, got %v", got)
	}
}
