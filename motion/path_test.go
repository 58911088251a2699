package motion

import (
	"math"
	"testing"
)

func TestTruncate(t *testing.T) {
	steer := func() Path {
		// Straight 0..200 (states 0..5), then a quarter turn (states 6..9).
		var p Path
		if err := (Dubins{Radius: 100, Airspeed: 25}).Steer(&p, pose(0, 0, 50, 0), pose(300, 100, 50, math.Pi/2), 40); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name      string
		n         int
		wantN     int
		straights int
		endState  int // index of the straight's end state, if any
	}{
		{"keep all", 10, 10, 1, 5},
		{"beyond the end", 99, 10, 1, 5},
		{"cut in the turn", 7, 7, 1, 5},
		{"cut at the tangent point", 6, 6, 1, 5},
		{"cut in the middle of the straight", 3, 3, 1, 2},
		{"cut after one step", 2, 2, 1, 1},
		{"only the start", 1, 1, 0, 0},
		{"below one", 0, 1, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := steer()
			full := steer()
			p.Truncate(tt.n)
			if len(p.States) != tt.wantN || len(p.Dist) != tt.wantN || len(p.Time) != tt.wantN {
				t.Fatalf("kept %d states, want %d", len(p.States), tt.wantN)
			}
			if len(p.Straights) != tt.straights {
				t.Fatalf("straights %+v, want %d", p.Straights, tt.straights)
			}
			if tt.straights == 0 {
				return
			}
			want := Straight{Start: full.States[0], End: full.States[tt.endState], From: 0, To: full.Dist[tt.endState]}
			if p.Straights[0] != want {
				t.Errorf("straight %+v, want %+v", p.Straights[0], want)
			}
		})
	}
	var empty Path
	empty.Truncate(3)
	if len(empty.States) != 0 {
		t.Error("truncating an empty path made states")
	}
}

func TestTruncateMultirotor(t *testing.T) {
	var p Path
	if err := (Multirotor{Airspeed: 5}).Steer(&p, pose(0, 0, 30, 1), pose(100, 0, 30, 1), 40); err != nil {
		t.Fatal(err)
	}
	// from, turn to 0, 40, 80, arrival facing 0, goal.
	if len(p.States) != 6 {
		t.Fatalf("%d states", len(p.States))
	}
	p.Truncate(2) // up to the turn in place: the line has not started
	if len(p.Straights) != 0 {
		t.Errorf("straights %+v after cutting at the turn", p.Straights)
	}
}

func TestPathLengthDuration(t *testing.T) {
	var p Path
	if p.Length() != 0 || p.Duration() != 0 {
		t.Error("empty path has length or duration")
	}
	p.appendState(pose(0, 0, 0, 0), 0, 0)
	p.appendState(pose(3, 4, 0, 0), 5, 2)
	if p.Length() != 5 || p.Duration() != 2 {
		t.Errorf("length %v duration %v", p.Length(), p.Duration())
	}
	p.Reset()
	if len(p.States) != 0 || cap(p.States) == 0 {
		t.Error("Reset did not keep storage")
	}
}
