package sim

import (
	"fmt"
	"math"
)

// Defaults that WithDefaults fills into zero fields.
const (
	// DefaultRate is the physics rate in Hz: the reference simulator's 50 Hz
	// step (model §6.1).
	DefaultRate = 50.0
	// DefaultBeliefRate is the camera and belief-update rate in Hz: the
	// reference's fixed-wing search-map loop (model §3.7).
	DefaultBeliefRate = 10.0
	// DefaultIterationsPerSecond calibrates deterministic planning: a replan
	// with plan time T gets round(T·DefaultIterationsPerSecond) iterations.
	// Measured on the default mission (coastal-search: 61 replans of 10 s, a
	// 15 km budget, extend radius 1500 m, at most 1000 neighbours extended per
	// sample) on a loaded 2-core machine: 1 per second flies it in 3 s of wall
	// time, 5 per second in 21 s and 20 per second in 100 s, with the entropy
	// drop at 25–27 % in every case; 3 keeps a first run well under a minute.
	DefaultIterationsPerSecond = 3.0
	// DefaultTargetCount is how many targets are drawn from the prior when
	// the mission says nothing about targets.
	DefaultTargetCount = 10
)

// FromPrior is the only target source besides an explicit list: targets
// drawn with probability proportional to the initial belief.
const FromPrior = "prior"

// Config is the mission's `sim:` section (DESIGN §3). Zero fields take the
// defaults of WithDefaults.
type Config struct {
	// Targets places the ground-truth targets.
	Targets Targets `yaml:"targets"`
	// Rate is the physics rate in Hz (default 50): the vehicle and the
	// targets move, and budget is spent, once per tick.
	Rate float64 `yaml:"rate"`
	// BeliefRate is the camera rate in Hz (default 10): every frame
	// detects targets and updates the belief by Bayes. It must not exceed
	// Rate; frames fall on physics ticks.
	BeliefRate float64 `yaml:"belief_rate"`
	// IterationsPerSecond calibrates deterministic planning (default 1):
	// a replan of plan time T runs round(T·IterationsPerSecond) iterations,
	// at least one.
	IterationsPerSecond float64 `yaml:"iterations_per_second"`
	// MaxDuration ends the mission after this many seconds of flight
	// (counted from launch, the end of the first planning cycle); 0 means
	// fly until the budget or the plan runs out.
	MaxDuration float64 `yaml:"max_duration"`
}

// Targets says where the ground-truth targets are: Count targets drawn from
// the prior (From must then be FromPrior), plus every target of List. The
// zero value means {count: 10, from: prior}; write `{count: 0, from: prior}`
// for a mission without targets.
type Targets struct {
	Count int          `yaml:"count"`
	From  string       `yaml:"from"`
	List  []TargetSpec `yaml:"list"`
}

// TargetSpec is one target of an explicit list: a start position, and an
// optional constant speed (m/s), heading (degrees counter-clockwise from
// east) and turn rate (degrees per second, positive counter-clockwise).
type TargetSpec struct {
	X           float64 `yaml:"x"`
	Y           float64 `yaml:"y"`
	Speed       float64 `yaml:"speed"`
	HeadingDeg  float64 `yaml:"heading_deg"`
	TurnRateDeg float64 `yaml:"turn_rate_deg"`
}

// DefaultConfig is the zero Config with its defaults applied.
func DefaultConfig() Config { return Config{}.WithDefaults() }

// WithDefaults returns c with each zero field replaced by its default.
func (c Config) WithDefaults() Config {
	if c.Targets.Count == 0 && c.Targets.From == "" && len(c.Targets.List) == 0 {
		c.Targets.Count = DefaultTargetCount
	}
	if c.Targets.Count > 0 && c.Targets.From == "" {
		c.Targets.From = FromPrior
	}
	if c.Rate == 0 {
		c.Rate = DefaultRate
	}
	if c.BeliefRate == 0 {
		c.BeliefRate = DefaultBeliefRate
	}
	if c.IterationsPerSecond == 0 {
		c.IterationsPerSecond = DefaultIterationsPerSecond
	}
	return c
}

// Validate reports the first problem with c, naming its key under `sim.`.
// Call it on c.WithDefaults(): zero rates are rejected here.
func (c Config) Validate() error {
	if !positive(c.Rate) {
		return fmt.Errorf("sim.rate: must be > 0, got %v", c.Rate)
	}
	if !positive(c.BeliefRate) || c.BeliefRate > c.Rate {
		return fmt.Errorf("sim.belief_rate: must be > 0 and <= sim.rate (%v), got %v", c.Rate, c.BeliefRate)
	}
	if !positive(c.IterationsPerSecond) {
		return fmt.Errorf("sim.iterations_per_second: must be > 0, got %v", c.IterationsPerSecond)
	}
	if !(c.MaxDuration >= 0) || math.IsInf(c.MaxDuration, 1) {
		return fmt.Errorf("sim.max_duration: must be a finite number >= 0, got %v", c.MaxDuration)
	}
	return c.Targets.validate()
}

func (t Targets) validate() error {
	if t.Count < 0 {
		return fmt.Errorf("sim.targets.count: must be >= 0, got %d", t.Count)
	}
	if t.From != "" && t.From != FromPrior {
		return fmt.Errorf("sim.targets.from: must be %q, got %q", FromPrior, t.From)
	}
	for i, s := range t.List {
		for _, f := range []struct {
			key string
			v   float64
		}{{"x", s.X}, {"y", s.Y}, {"speed", s.Speed}, {"heading_deg", s.HeadingDeg}, {"turn_rate_deg", s.TurnRateDeg}} {
			if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
				return fmt.Errorf("sim.targets.list[%d].%s: must be finite, got %v", i, f.key, f.v)
			}
		}
		if s.Speed < 0 {
			return fmt.Errorf("sim.targets.list[%d].speed: must be >= 0, got %v", i, s.Speed)
		}
	}
	return nil
}

func positive(v float64) bool { return v > 0 && !math.IsInf(v, 1) }
