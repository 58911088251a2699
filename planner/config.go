package planner

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Planner kinds this package builds.
const (
	// KindIATigris keeps the subtree the vehicle flies into between replans
	// and re-scores it against the new belief (model §2.5).
	KindIATigris = "ia-tigris"
	// KindTigris grows the same tree but rebuilds it from scratch every
	// replan: the non-incremental baseline.
	KindTigris = "tigris"
	// KindGreedy repeatedly flies to the viewpoint of the cell with the best
	// expected gain per metre (model §5.1).
	KindGreedy = "greedy"
	// KindMCTS is UCT over motion primitives with random rollouts (model
	// §5.3).
	KindMCTS = "mcts"
	// KindRandom flies to random viewpoints inside the search bounds (model
	// §5.2).
	KindRandom = "random"
	// KindLawnmower sweeps the search polygon in parallel passes one camera
	// footprint apart (model §5.5).
	KindLawnmower = "lawnmower"
)

// Kinds lists every planner kind Build accepts: the IA-TIGRIS tree first,
// then the baselines.
func Kinds() []string {
	return []string{KindIATigris, KindTigris, KindGreedy, KindMCTS, KindRandom, KindLawnmower}
}

// Config is the mission's `planner:` section (DESIGN §3).
//
// Start from DefaultConfig, or call WithDefaults on a partly filled value: a
// zero field then takes its default, except the keys a mission file set
// explicitly (so `viewpoint_goal: 0` or `seed: 0` stay 0).
type Config struct {
	Kind          string        `yaml:"kind"`           // one of Kinds(); default KindIATigris
	PlanTime      time.Duration `yaml:"plan_time"`      // wall-clock planning time per replan, default 10 s; YAML "10s" or seconds
	Iterations    int           `yaml:"iterations"`     // iterations per replan instead of PlanTime; 0 = use PlanTime
	Step          float64       `yaml:"step"`           // path discretisation in metres, default 40
	ExtendDist    float64       `yaml:"extend_dist"`    // longest edge in metres, default 500
	ExtendRadius  float64       `yaml:"extend_radius"`  // neighbours extended toward a new node, in motion.Distance units, default 1500
	PruneRadius   float64       `yaml:"prune_radius"`   // dominance-check radius, default 400
	ViewpointGoal float64       `yaml:"viewpoint_goal"` // where a sampled cell appears in the image: 0 centre row, 1 bottom edge; default 0.6
	Seed          uint64        `yaml:"seed"`           // sampler seed, default 1
	Workers       int           `yaml:"workers"`        // goroutines extending neighbours, default 1
	// MaxNeighbours caps how many of the nearest open nodes within
	// ExtendRadius are extended toward each new node (default 1000; 0 means
	// all of them, as the reference does). Without a cap the work per sample
	// grows with the tree: on a 5 km search with a 1.5 km radius a sample
	// ends up steering and scoring thousands of extensions.
	MaxNeighbours int `yaml:"max_neighbours"`

	set fieldSet // keys a mission file gave explicitly
}

type fieldSet uint16

const (
	setKind fieldSet = 1 << iota
	setPlanTime
	setIterations
	setStep
	setExtendDist
	setExtendRadius
	setPruneRadius
	setViewpointGoal
	setSeed
	setWorkers
	setMaxNeighbours
)

// DefaultMaxNeighbours is the default cap on neighbour extensions per sample.
const DefaultMaxNeighbours = 1000

// DefaultConfig is the reference's fixed-wing tuning (model §2.6).
func DefaultConfig() Config { return Config{}.WithDefaults() }

// WithDefaults returns c with every zero field that a mission file did not set
// explicitly replaced by its default.
func (c Config) WithDefaults() Config {
	def := func(bit fieldSet, zero bool) bool { return zero && c.set&bit == 0 }
	if def(setKind, c.Kind == "") {
		c.Kind = KindIATigris
	}
	if def(setPlanTime, c.PlanTime == 0) {
		c.PlanTime = 10 * time.Second
	}
	if def(setStep, c.Step == 0) {
		c.Step = 40
	}
	if def(setExtendDist, c.ExtendDist == 0) {
		c.ExtendDist = 500
	}
	if def(setExtendRadius, c.ExtendRadius == 0) {
		c.ExtendRadius = 1500
	}
	if def(setPruneRadius, c.PruneRadius == 0) {
		c.PruneRadius = 400
	}
	if def(setViewpointGoal, c.ViewpointGoal == 0) {
		c.ViewpointGoal = 0.6
	}
	if def(setSeed, c.Seed == 0) {
		c.Seed = 1
	}
	if def(setWorkers, c.Workers == 0) {
		c.Workers = 1
	}
	if def(setMaxNeighbours, c.MaxNeighbours == 0) {
		c.MaxNeighbours = DefaultMaxNeighbours
	}
	return c
}

// Validate checks every field; the message names the key path.
func (c Config) Validate() error {
	switch {
	case !slices.Contains(Kinds(), c.Kind):
		return fmt.Errorf("planner.kind: must be one of %s, got %q", strings.Join(Kinds(), ", "), c.Kind)
	case c.Iterations < 0:
		return fmt.Errorf("planner.iterations: must be >= 0, got %d", c.Iterations)
	case c.PlanTime < 0 || (c.PlanTime == 0 && c.Iterations == 0):
		return fmt.Errorf("planner.plan_time: must be > 0 (or set planner.iterations), got %v", c.PlanTime)
	case !positive(c.Step):
		return fmt.Errorf("planner.step: must be > 0, got %v", c.Step)
	case !positive(c.ExtendDist) || c.ExtendDist < c.Step:
		return fmt.Errorf("planner.extend_dist: must be >= planner.step (%v), got %v", c.Step, c.ExtendDist)
	case !positive(c.ExtendRadius):
		return fmt.Errorf("planner.extend_radius: must be > 0, got %v", c.ExtendRadius)
	case !(c.PruneRadius >= 0) || math.IsInf(c.PruneRadius, 1):
		return fmt.Errorf("planner.prune_radius: must be >= 0, got %v", c.PruneRadius)
	case !(c.ViewpointGoal >= -1 && c.ViewpointGoal <= 1):
		return fmt.Errorf("planner.viewpoint_goal: must be in [-1, 1], got %v", c.ViewpointGoal)
	case c.Workers < 1:
		return fmt.Errorf("planner.workers: must be >= 1, got %d", c.Workers)
	case c.MaxNeighbours < 0:
		return fmt.Errorf("planner.max_neighbours: must be >= 0 (0 = no cap), got %d", c.MaxNeighbours)
	}
	return nil
}

func positive(v float64) bool { return v > 0 && !math.IsInf(v, 1) }

// UnmarshalYAML decodes the section key by key so that plan_time accepts a Go
// duration ("10s", "1m30s") or a number of seconds, explicit zeros survive
// WithDefaults, and an unknown key is an error even without the decoder's
// KnownFields. Errors are reported as the yaml package's own TypeError lines
// ("line N: ..."), so a mission loader can add the key path.
func (c *Config) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: the planner section must be a mapping", n.Line)}}
	}
	fields := map[string]struct {
		bit fieldSet
		dst any
	}{
		"kind": {setKind, &c.Kind}, "iterations": {setIterations, &c.Iterations}, "step": {setStep, &c.Step},
		"extend_dist": {setExtendDist, &c.ExtendDist}, "extend_radius": {setExtendRadius, &c.ExtendRadius},
		"prune_radius": {setPruneRadius, &c.PruneRadius}, "viewpoint_goal": {setViewpointGoal, &c.ViewpointGoal},
		"seed": {setSeed, &c.Seed}, "workers": {setWorkers, &c.Workers},
		"max_neighbours": {setMaxNeighbours, &c.MaxNeighbours},
	}
	var errs []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var err error
		if f, ok := fields[k.Value]; ok {
			err = v.Decode(f.dst)
			c.set |= f.bit
		} else if k.Value == "plan_time" {
			c.PlanTime, err = decodeDuration(v)
			c.set |= setPlanTime
		} else {
			err = fmt.Errorf("line %d: field %s not found in type planner.Config", k.Line, k.Value)
		}
		switch e := err.(type) {
		case nil:
		case *yaml.TypeError:
			errs = append(errs, e.Errors...)
		default:
			errs = append(errs, e.Error())
		}
	}
	if len(errs) > 0 {
		return &yaml.TypeError{Errors: errs}
	}
	return nil
}

// decodeDuration reads a Go duration string or a number of seconds.
func decodeDuration(v *yaml.Node) (time.Duration, error) {
	if v.Kind == yaml.ScalarNode {
		if d, err := time.ParseDuration(v.Value); err == nil {
			return d, nil
		}
		if s, err := strconv.ParseFloat(v.Value, 64); err == nil && !math.IsNaN(s) && math.Abs(s) < math.MaxInt64/1e9 {
			return time.Duration(s * float64(time.Second)), nil
		}
	}
	return 0, fmt.Errorf("line %d: cannot read %q as a duration (write e.g. 10s, 1.5s or a number of seconds)", v.Line, v.Value)
}

// MarshalYAML writes the section with plan_time as a duration string, so a
// marshalled mission reads back unchanged.
func (c Config) MarshalYAML() (any, error) {
	type plain struct {
		Kind          string  `yaml:"kind"`
		PlanTime      string  `yaml:"plan_time"`
		Iterations    int     `yaml:"iterations,omitempty"`
		Step          float64 `yaml:"step"`
		ExtendDist    float64 `yaml:"extend_dist"`
		ExtendRadius  float64 `yaml:"extend_radius"`
		PruneRadius   float64 `yaml:"prune_radius"`
		ViewpointGoal float64 `yaml:"viewpoint_goal"`
		Seed          uint64  `yaml:"seed"`
		Workers       int     `yaml:"workers"`
		MaxNeighbours int     `yaml:"max_neighbours"`
	}
	return plain{c.Kind, c.PlanTime.String(), c.Iterations, c.Step, c.ExtendDist, c.ExtendRadius,
		c.PruneRadius, c.ViewpointGoal, c.Seed, c.Workers, c.MaxNeighbours}, nil
}

// Budget is the mission's `budget:` section: how far and how long the
// vehicle may still fly, and an optional receding horizon (metres) that caps
// the distance of one plan. A zero Distance or Time means no limit of that
// kind; at least one must be set.
type Budget struct {
	Distance float64 `yaml:"distance"` // metres of path
	Time     float64 `yaml:"time"`     // seconds of flight
	Horizon  float64 `yaml:"horizon"`  // metres; 0 = plan to the end of the budget
}

// Validate checks the budget; the message names the key path.
func (b Budget) Validate() error {
	for _, f := range []struct {
		key string
		v   float64
	}{{"distance", b.Distance}, {"time", b.Time}, {"horizon", b.Horizon}} {
		if !(f.v >= 0) || math.IsInf(f.v, 1) {
			return fmt.Errorf("budget.%s: must be a finite number >= 0, got %v", f.key, f.v)
		}
	}
	if b.Distance == 0 && b.Time == 0 {
		return fmt.Errorf("budget: set distance (m) or time (s) to a value > 0")
	}
	return nil
}

// distanceLimit is the longest path one plan may have: the distance budget
// capped by the horizon, +Inf when neither is set.
func (b Budget) distanceLimit() float64 {
	d := math.Inf(1)
	if b.Distance > 0 {
		d = b.Distance
	}
	if b.Horizon > 0 {
		d = math.Min(d, b.Horizon)
	}
	return d
}

// timeLimit is the longest flight one plan may take, +Inf when unset.
func (b Budget) timeLimit() float64 {
	if b.Time > 0 {
		return b.Time
	}
	return math.Inf(1)
}
