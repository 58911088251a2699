package motion

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
	"pgregory.net/rapid"

	"github.com/tigris-uav/tigris/geom"
)

func circle(x, y, r float64) KeepOut {
	return KeepOut{Circle: &CircleZone{Center: geom.Point{X: x, Y: y}, Radius: r}}
}

func polygon(pts ...float64) KeepOut {
	var k KeepOut
	for i := 0; i+1 < len(pts); i += 2 {
		k.Polygon = append(k.Polygon, geom.Point{X: pts[i], Y: pts[i+1]})
	}
	return k
}

func mustValidator(t interface{ Fatal(...any) }, zones []KeepOut, bounds geom.Polygon, stay bool) *Validator {
	v, err := NewValidator(zones, bounds, stay)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestValidateKeepOuts(t *testing.T) {
	tests := []struct {
		zones []KeepOut
		want  string
	}{
		{[]KeepOut{circle(0, 0, 5), circle(1, 1, -1)}, "keep_out[1].circle.radius: must be > 0, got -1"},
		{[]KeepOut{{}}, "keep_out[0]: needs a circle or a polygon"},
		{[]KeepOut{{Circle: &CircleZone{Radius: 1}, Polygon: []geom.Point{{}, {X: 1}, {Y: 1}}}}, "keep_out[0]: give either circle or polygon, not both"},
		{[]KeepOut{polygon(0, 0, 1, 1)}, "keep_out[0].polygon: polygon needs at least 3 vertices, got 2"},
		{[]KeepOut{polygon(0, 0, 2, 2, 2, 0, 0, 2)}, "keep_out[0].polygon: polygon self-intersects"},
		{[]KeepOut{{Circle: &CircleZone{Center: geom.Point{X: math.NaN()}, Radius: 1}}}, "keep_out[0].circle.center: must be finite"},
	}
	for _, tt := range tests {
		err := ValidateKeepOuts(tt.zones)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
		if _, err := NewValidator(tt.zones, nil, false); err == nil {
			t.Errorf("NewValidator accepted %v", tt.zones)
		}
	}
	if _, err := NewValidator(nil, nil, true); err == nil || !strings.HasPrefix(err.Error(), "stay_in_bounds: needs map.bounds") {
		t.Errorf("stay without bounds: err = %v", err)
	}
	if _, err := NewValidator(nil, geom.Polygon{{}, {X: 1}}, true); err == nil || !strings.HasPrefix(err.Error(), "stay_in_bounds: map.bounds:") {
		t.Errorf("stay with bad bounds: err = %v", err)
	}
}

// A U-shaped (concave) search area: the notch x∈(40,60), y>40 is outside.
var uBounds = geom.Polygon{{X: 0, Y: 0}, {X: 100, Y: 0}, {X: 100, Y: 100}, {X: 60, Y: 100}, {X: 60, Y: 40}, {X: 40, Y: 40}, {X: 40, Y: 100}, {X: 0, Y: 100}}

func TestStateValid(t *testing.T) {
	zones := []KeepOut{circle(0, 0, 10), polygon(20, 20, 30, 20, 30, 30, 20, 30)}
	v := mustValidator(t, zones, uBounds, true)
	free := mustValidator(t, zones, uBounds, false)
	tests := []struct {
		x, y        float64
		valid, free bool
	}{
		{5, 5, false, false},   // inside the circle
		{10, 0, false, true},   // on the circle's rim: outside the zone but on the bounds' edge
		{10, 1, true, true},    // just outside the circle
		{25, 25, false, false}, // inside the square
		{30, 25, false, false}, // on the square's edge: the zone includes its edges
		{50, 70, false, true},  // in the notch: out of bounds
		{70, 70, true, true},   // in the right arm
		{150, 50, false, true}, // beyond the bounds
		{50, 40, false, true},  // on the notch's edge
		{50, 39.9, true, true}, // just below it
	}
	for _, tt := range tests {
		p := pose(tt.x, tt.y, 50, 0)
		if got := v.StateValid(p); got != tt.valid {
			t.Errorf("stay: StateValid(%v, %v) = %v, want %v", tt.x, tt.y, got, tt.valid)
		}
		if got := free.StateValid(p); got != tt.free {
			t.Errorf("free: StateValid(%v, %v) = %v, want %v", tt.x, tt.y, got, tt.free)
		}
	}
	var none *Validator
	if !none.StateValid(pose(5, 5, 50, 0)) {
		t.Error("nil validator rejected a state")
	}
}

func TestFirstInvalid(t *testing.T) {
	dubins := Dubins{Radius: 100, Airspeed: 25}
	quarter := func() *Path { // left quarter circle of radius 100 centred at (0, 100), 40 m states
		var p Path
		if err := dubins.Steer(&p, pose(0, 0, 50, 0), pose(100, 100, 50, math.Pi/2), 40); err != nil {
			t.Fatal(err)
		}
		return &p
	}
	straight := func() *Path {
		var p Path
		if err := dubins.Steer(&p, pose(0, 0, 50, 0), pose(200, 0, 50, 0), 40); err != nil {
			t.Fatal(err)
		}
		return &p
	}
	shortStraight := func() *Path {
		var p Path
		if err := dubins.Steer(&p, pose(0, 0, 50, 0), pose(120, 0, 50, 0), 40); err != nil {
			t.Fatal(err)
		}
		return &p
	}
	// Open to the left: the notch is 50 ≤ x < 130, |y| < 10.
	cShape := polygon(50, -30, 150, -30, 150, 30, 50, 30, 50, 10, 130, 10, 130, -10, 50, -10)
	// The arc midpoint between states 1 and 2 (at 60 m of arc).
	mid := r2.Vec{X: 100 * math.Sin(0.6), Y: 100 - 100*math.Cos(0.6)}
	tests := []struct {
		name   string
		path   *Path
		zones  []KeepOut
		bounds geom.Polygon
		want   int
	}{
		{"no zones", quarter(), nil, nil, 5},
		{"10 m circle between two 40 m states on a straight", straight(), []KeepOut{circle(60, 5, 10)}, nil, 2},
		{"1 m circle on the arc between two states", quarter(), []KeepOut{circle(mid.X, mid.Y, 1)}, nil, 2},
		{"circle beside the arc", quarter(), []KeepOut{circle(mid.X*1.1, mid.Y*1.1-10, 1)}, nil, 5},
		{"circle around the goal", quarter(), []KeepOut{circle(100, 100, 5)}, nil, 4},
		{"small square on the arc", quarter(), []KeepOut{polygon(mid.X-0.5, mid.Y-0.5, mid.X+0.5, mid.Y-0.5, mid.X+0.5, mid.Y+0.5, mid.X-0.5, mid.Y+0.5)}, nil, 2},
		{"U-shaped zone whose arm the straight crosses", straight(),
			[]KeepOut{polygon(50, -20, 150, -20, 150, 20, 130, 20, 130, -10, 70, -10, 70, 20, 50, 20)}, nil, 2},
		{"zone beside the straight", straight(), []KeepOut{polygon(60, -20, 140, -20, 140, -5, 60, -5)}, nil, 6},
		{"C-shaped zone: the straight flies into its notch", straight(), []KeepOut{cShape}, nil, 4},
		{"C-shaped zone: stopping inside the notch", shortStraight(), []KeepOut{cShape}, nil, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := mustValidator(t, tt.zones, tt.bounds, tt.bounds != nil)
			if got := v.FirstInvalid(tt.path); got != tt.want {
				t.Errorf("FirstInvalid = %d, want %d (states %v)", got, tt.want, tt.path.States)
			}
		})
	}
}

func TestFirstInvalidBounds(t *testing.T) {
	v := mustValidator(t, nil, uBounds, true)
	tests := []struct {
		name     string
		from, to Pose
		want     int
	}{
		// Both ends inside the U, the chord crosses the notch.
		{"across the notch", pose(20, 70, 50, 0), pose(80, 70, 50, 0), 1},
		{"below the notch", pose(20, 20, 50, 0), pose(80, 20, 50, 0), 2}, // [from, goal]: all valid
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Path
			if err := (Multirotor{Airspeed: 5}).Steer(&p, tt.from, tt.to, 100); err != nil {
				t.Fatal(err)
			}
			if got := v.FirstInvalid(&p); got != tt.want {
				t.Errorf("FirstInvalid = %d, want %d (states %v)", got, tt.want, p.States)
			}
		})
	}
	// The left quarter circle of radius 100 about c = (0, 100), states every
	// 40 m of arc. The bounds' edge cuts the arc between states 1 and 2 at 99 m
	// from c, while the states there (98.0 m out along that direction) and
	// their chord stay inside.
	var p Path
	if err := (Dubins{Radius: 100, Airspeed: 25}).Steer(&p, pose(0, 0, 50, 0), pose(100, 100, 50, math.Pi/2), 40); err != nil {
		t.Fatal(err)
	}
	c := r2.Vec{Y: 100}
	u := r2.Vec{X: math.Sin(0.6), Y: -math.Cos(0.6)} // from c toward the arc at 60 m
	n := r2.Vec{X: -u.Y, Y: u.X}
	at := func(a, b float64) r2.Vec { return r2.Add(c, r2.Add(r2.Scale(a, u), r2.Scale(b, n))) }
	cut := geom.Polygon{at(99, -1000), at(99, 1000), at(-1000, 1000), at(-1000, -1000)}
	cv := mustValidator(t, nil, cut, true)
	for i, s := range p.States {
		if !cv.StateValid(s) {
			t.Fatalf("state %d %v is outside: only the arc should be", i, s)
		}
	}
	if got := cv.FirstInvalid(&p); got != 2 {
		t.Errorf("FirstInvalid = %d, want 2: the arc leaves the bounds between states 1 and 2", got)
	}
}

// TestFirstInvalidNeverMissesAClip compares against a dense resampling: a
// path the validator accepts never has a point inside a zone.
func TestFirstInvalidNeverMissesAClip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		from, to := genPose(t, "from"), genPose(t, "to")
		var zones []KeepOut
		for i := range rapid.IntRange(1, 4).Draw(t, "zones") {
			x := rapid.Float64Range(-1000, 1000).Draw(t, "x")
			y := rapid.Float64Range(-1000, 1000).Draw(t, "y")
			r := rapid.Float64Range(1, 200).Draw(t, "r")
			if i%2 == 0 {
				zones = append(zones, circle(x, y, r))
			} else {
				zones = append(zones, polygon(x-r, y, x, y-r, x+r, y, x, y+r/4, x, y+r))
			}
		}
		wind := Wind{X: rapid.Float64Range(-10, 10).Draw(t, "wind x")}
		var m Model = Dubins{Radius: 100, Airspeed: 25}
		if wind.X != 0 && rapid.Bool().Draw(t, "trochoid") {
			m = Trochoid{Radius: 100, Airspeed: 25, Wind: wind}
		}
		var coarse, fine Path
		if err := m.Steer(&coarse, from, to, 40); err != nil {
			t.Fatal(err)
		}
		if err := m.Steer(&fine, from, to, 0.25); err != nil {
			t.Fatal(err)
		}
		// Close calls: a small zone just beside a point of the path.
		if rapid.Bool().Draw(t, "close call") {
			s := fine.States[rapid.IntRange(0, len(fine.States)-1).Draw(t, "near state")]
			off := rapid.Float64Range(-3, 3).Draw(t, "offset")
			r := rapid.Float64Range(0.2, 2).Draw(t, "small r")
			x, y := s.X-off*math.Sin(s.Heading), s.Y+off*math.Cos(s.Heading)
			zones = append(zones, circle(x, y, r), polygon(x-r, y-r, x+r, y-r, x+r, y+r, x-r, y+r))
		}
		v := mustValidator(t, zones, nil, false)
		if v.FirstInvalid(&coarse) < len(coarse.States) {
			return
		}
		for i, s := range fine.States[1:] {
			if !v.StateValid(s) {
				t.Fatalf("accepted path passes through a zone at fine state %d %v", i+1, s)
			}
		}
	})
}
