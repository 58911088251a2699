package planner

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/reward"
)

// tester is what the helpers need of a *testing.T, *testing.B or *rapid.T.
type tester interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

func pts(xy ...float64) []geom.Point {
	out := make([]geom.Point, 0, len(xy)/2)
	for i := 0; i+1 < len(xy); i += 2 {
		out = append(out, geom.Point{X: xy[i], Y: xy[i+1]})
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// mission describes a test problem.
type mission struct {
	bounds   []geom.Point
	res      float64
	priors   []belief.Prior
	keepOut  []motion.KeepOut
	stay     bool
	vehicle  motion.Config
	start    motion.Pose
	budget   Budget
	cfg      Config
	pitchDeg float64
	decay    reward.TimeDecay
}

// fixedWing is a mission at the reference's scale (model §7.3): a 5 km
// concave area in 30 m cells, two polygon priors and a Gaussian blob, a
// 25 m/s fixed-wing with a 100 m turn radius starting at 110 m, a 15 km
// budget and the reference planner settings.
func fixedWing() mission {
	return mission{
		bounds: pts(0, 0, 4200, 0, 5000, 1800, 5000, 5000, 2600, 5000, 1900, 2900, 0, 2600),
		res:    30,
		priors: []belief.Prior{
			{Polygon: pts(2600, 2600, 4400, 2500, 4800, 4800, 3000, 4800), Probability: ptr(0.49)},
			{Polygon: pts(300, 300, 1800, 300, 1500, 1900, 300, 2200), Probability: ptr(0.35), Priority: ptr(1.3), SensorModel: ptr(1)},
			{Gaussian: &belief.Gaussian{Center: geom.Point{X: 3300, Y: 900}, Sigma: 250, Peak: 0.45}},
		},
		keepOut: []motion.KeepOut{{Circle: &motion.CircleZone{Center: geom.Point{X: 3600, Y: 3500}, Radius: 250}}},
		vehicle: motion.Config{Kind: motion.KindFixedWing, Speed: 25, MinTurnRadius: 100, Altitude: 50},
		start:   motion.Pose{Vec: r3.Vec{X: 4500, Y: 2500, Z: 110}, Heading: math.Pi},
		budget:  Budget{Distance: 15000},
		cfg:     DefaultConfig(),
	}
}

// small is a 1 km mission that plans in milliseconds.
func small() mission {
	m := fixedWing()
	m.bounds = pts(0, 0, 1000, 0, 1000, 1000, 0, 1000)
	m.priors = []belief.Prior{{Polygon: pts(200, 200, 800, 200, 800, 800), Probability: ptr(0.5)}}
	m.keepOut = []motion.KeepOut{{Circle: &motion.CircleZone{Center: geom.Point{X: 600, Y: 400}, Radius: 80}}}
	m.vehicle.MinTurnRadius = 80
	m.start = motion.Pose{Vec: r3.Vec{X: 100, Y: 100, Z: 50}, Heading: 0}
	m.budget = Budget{Distance: 3000}
	return m
}

// problem builds m's Problem.
func (m mission) problem(tb tester) Problem {
	tb.Helper()
	grid, err := belief.NewGrid(belief.MapConfig{Resolution: m.res, Bounds: m.bounds}, m.priors)
	if err != nil {
		tb.Fatal(err)
	}
	sc := belief.DefaultSensorConfig()
	if m.pitchDeg != 0 {
		sc.PitchDeg = m.pitchDeg
	}
	sensor, err := belief.NewSensor(sc, nil)
	if err != nil {
		tb.Fatal(err)
	}
	model, err := motion.NewModel(m.vehicle)
	if err != nil {
		tb.Fatal(err)
	}
	val, err := motion.NewValidator(m.keepOut, grid.Bounds, m.stay)
	if err != nil {
		tb.Fatal(err)
	}
	v := m.vehicle.WithDefaults()
	lo, hi := v.AltitudeRange()
	rc := reward.DefaultConfig()
	if m.decay != (reward.TimeDecay{}) {
		rc.TimeDecay = m.decay
	}
	return Problem{
		Model: model, Validator: val, Grid: grid, Sensor: sensor, Reward: rc,
		Altitude: v.Altitude, AltitudeMin: lo, AltitudeMax: hi, Budget: m.budget, Config: m.cfg,
	}
}

func (m mission) planner(tb tester) (*Planner, Problem) {
	tb.Helper()
	prob := m.problem(tb)
	p, err := New(prob)
	if err != nil {
		tb.Fatal(err)
	}
	return p, prob
}
