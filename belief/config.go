package belief

import (
	"errors"
	"fmt"
	"io"
	"math"

	"go.yaml.in/yaml/v3"

	"github.com/tigris-uav/tigris/geom"
)

// Defaults of the mission keys this package owns (DESIGN §3). A zero or
// missing value in MapConfig, Prior or SensorConfig means the default.
const (
	DefaultResolution       = 30   // map.resolution, metres
	DefaultProbability      = 1e-6 // map.default_probability (model §3.3: not 0.5)
	DefaultPriorProbability = 0.5  // priors[i].probability: "unknown" in the reference's GridPrior
	DefaultPriority         = 1.0  // priors[i].priority
	DefaultPitchDeg         = 30   // sensor.pitch_deg, the fixed-wing camera
	DefaultFocalLength      = 15   // sensor.focal_length
	DefaultSensorSize       = 10   // sensor.sensor_width and sensor.sensor_height
)

const (
	// maxCells bounds the grid so that a unit mix-up (degrees for metres, a
	// resolution of 0.01) fails validation instead of exhausting memory; the
	// reference's 50 km test map at 10 m (25.5 M cells) still fits.
	maxCells       = 1 << 25
	gaussianFloor  = 0.01 // a Gaussian prior writes cells where it is at least this fraction of its peak
	maxSensorModel = math.MaxUint8
)

// MapConfig is the mission's `map` section: the search area and the grid over
// it.
type MapConfig struct {
	// Resolution is the cell edge in whole metres; 0 means DefaultResolution.
	Resolution float64 `yaml:"resolution"`
	// Bounds is the search polygon (concave allowed); required. A mission may
	// give it as a file reference, {file: area.kml, name: "Search area"}.
	Bounds geom.Area `yaml:"bounds"`
	// DefaultProbability is every in-bounds cell's belief before the priors;
	// nil means DefaultProbability.
	DefaultProbability *float64 `yaml:"default_probability"`
}

// WithDefaults returns m with its zero fields set to the defaults.
func (m MapConfig) WithDefaults() MapConfig {
	if m.Resolution == 0 {
		m.Resolution = DefaultResolution
	}
	if m.DefaultProbability == nil {
		p := DefaultProbability
		m.DefaultProbability = &p
	}
	return m
}

// Validate reports the first problem of m (after defaults), naming its key.
func (m MapConfig) Validate() error {
	m = m.WithDefaults()
	if r := m.Resolution; !(r > 0) || math.IsInf(r, 0) || r != math.Trunc(r) {
		return fmt.Errorf("map.resolution: must be a whole number of metres > 0, got %v", r)
	}
	if len(m.Bounds) == 0 {
		return errors.New("map.bounds: required: the search polygon, [[x, y], ...]")
	}
	if err := geom.PolygonOf(m.Bounds).Validate(); err != nil {
		return fmt.Errorf("map.bounds: %w", err)
	}
	if p := *m.DefaultProbability; !(p >= 0 && p <= 1) {
		return fmt.Errorf("map.default_probability: must be in [0, 1], got %v", p)
	}
	rows, cols, _, _ := m.extent()
	if rows < 1 || cols < 1 {
		return fmt.Errorf("map.bounds: the area is smaller than one %v m cell", m.Resolution)
	}
	if rows*cols > maxCells {
		return fmt.Errorf("map.resolution: %v×%v cells is more than %d; use coarser cells", rows, cols, maxCells)
	}
	return nil
}

// extent is the grid geometry of model §3.2: the bounds' vertices truncated
// toward zero, and the partial last row and column dropped. The counts are
// whole floats so that a huge grid cannot overflow before Validate rejects it.
func (m MapConfig) extent() (rows, cols, x0, y0 float64) {
	x0, y0 = math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for _, p := range m.Bounds {
		x, y := math.Trunc(p.X), math.Trunc(p.Y)
		x0, x1 = math.Min(x0, x), math.Max(x1, x)
		y0, y1 = math.Min(y0, y), math.Max(y1, y)
	}
	return math.Floor((x1 - x0) / m.Resolution), math.Floor((y1 - y0) / m.Resolution), x0, y0
}

// Gaussian is a round blob prior: peak·exp(−d²/2σ²) at distance d from
// Center.
type Gaussian struct {
	Center geom.Point `yaml:"center"`
	Sigma  float64    `yaml:"sigma"` // metres, > 0
	Peak   float64    `yaml:"peak"`  // in (0, 1]
}

// Prior is one entry of the mission's `priors` list: a shape and the values
// it writes into the cells it covers. Exactly one of Polygon, Line, Point and
// Gaussian is set. Priors apply in order and later ones overwrite.
type Prior struct {
	// Polygon covers every cell with at least one corner inside it (model
	// §3.3, even cells partly outside map.bounds).
	Polygon geom.Area `yaml:"polygon"`
	// Line is a polyline; it covers every cell its segments pass through.
	Line geom.Area `yaml:"line"`
	// Point covers the cell holding it.
	Point *geom.Point `yaml:"point"`
	// Gaussian covers the cells whose centre gets at least 1 % of the peak,
	// and sets their probability to the blob's value there.
	Gaussian *Gaussian `yaml:"gaussian"`

	// Probability is the belief written; nil means DefaultPriorProbability.
	// Not allowed with Gaussian, whose Peak plays that role.
	Probability *float64 `yaml:"probability"`
	// Priority multiplies the reward of the cells; nil means DefaultPriority.
	Priority *float64 `yaml:"priority"`
	// SensorModel selects the detection table for the cells; nil means 0.
	SensorModel *int `yaml:"sensor_model"`

	// File takes the prior's shapes from a KML or GeoJSON file next to the
	// mission instead: {file: priors.geojson, where: {kind: wreck},
	// probability: 0.4}. The mission loader replaces the entry with one
	// prior per shape that matches Name and Where (every shape when both
	// are empty) — polygons, lines and points alike — so Validate rejects
	// an entry that still holds a file.
	File  string            `yaml:"file"`
	Name  string            `yaml:"name"`
	Where map[string]string `yaml:"where"`
}

// Validate reports the first problem of p, naming its key relative to the
// prior (the caller prefixes "priors[i].").
func (p Prior) Validate() error {
	if p.File != "" || p.Name != "" || p.Where != nil {
		return errors.New("file: shapes from a file need the mission loader to read them")
	}
	var shape string
	for _, f := range []struct {
		key string
		set bool
	}{{"polygon", p.Polygon != nil}, {"line", p.Line != nil}, {"point", p.Point != nil}, {"gaussian", p.Gaussian != nil}} {
		if !f.set {
			continue
		}
		if shape != "" {
			return fmt.Errorf("%s: a prior has one shape and this one already has %s", f.key, shape)
		}
		shape = f.key
	}
	if shape == "" {
		return errors.New("polygon: missing: a prior needs one of polygon, line, point or gaussian")
	}
	switch {
	case p.Polygon != nil:
		if err := geom.PolygonOf(p.Polygon).Validate(); err != nil {
			return fmt.Errorf("polygon: %w", err)
		}
	case p.Line != nil:
		if len(p.Line) < 2 {
			return fmt.Errorf("line: needs at least 2 points, got %d", len(p.Line))
		}
		for k, q := range p.Line {
			if !finite(q.X) || !finite(q.Y) {
				return fmt.Errorf("line: point %d is not finite", k)
			}
		}
	case p.Point != nil:
		if !finite(p.Point.X) || !finite(p.Point.Y) {
			return errors.New("point: not finite")
		}
	default:
		g := p.Gaussian
		if !finite(g.Center.X) || !finite(g.Center.Y) {
			return errors.New("gaussian.center: not finite")
		}
		if !(g.Sigma > 0) || math.IsInf(g.Sigma, 0) {
			return fmt.Errorf("gaussian.sigma: must be > 0 metres, got %v", g.Sigma)
		}
		if !(g.Peak > 0 && g.Peak <= 1) {
			return fmt.Errorf("gaussian.peak: must be in (0, 1], got %v", g.Peak)
		}
		if p.Probability != nil {
			return errors.New("probability: not used with gaussian; set gaussian.peak")
		}
	}
	if p.Probability != nil && !(*p.Probability >= 0 && *p.Probability <= 1) {
		return fmt.Errorf("probability: must be in [0, 1], got %v", *p.Probability)
	}
	if p.Priority != nil && (!(*p.Priority >= 0) || math.IsInf(*p.Priority, 0)) {
		return fmt.Errorf("priority: must be a finite number ≥ 0, got %v", *p.Priority)
	}
	if p.SensorModel != nil && (*p.SensorModel < 0 || *p.SensorModel > maxSensorModel) {
		return fmt.Errorf("sensor_model: must be in [0, %d], got %d", maxSensorModel, *p.SensorModel)
	}
	return nil
}

// values returns what p writes into a cell, with the defaults applied.
func (p Prior) values() (prob, priority float64, model uint8) {
	prob, priority = DefaultPriorProbability, DefaultPriority
	if p.Probability != nil {
		prob = *p.Probability
	}
	if p.Priority != nil {
		priority = *p.Priority
	}
	if p.SensorModel != nil {
		model = uint8(*p.SensorModel)
	}
	return prob, priority, model
}

// SensorConfig is the mission's `sensor` section: the camera and its
// detection models. Zero fields take the defaults of the reference's
// fixed-wing camera (focal length 15, a 10×10 sensor, 30° below the horizon);
// no models means DefaultSensorConfig's three.
type SensorConfig struct {
	FocalLength  float64       `yaml:"focal_length"`
	SensorWidth  float64       `yaml:"sensor_width"`
	SensorHeight float64       `yaml:"sensor_height"`
	PitchDeg     float64       `yaml:"pitch_deg"` // optical axis below the horizon, (0, 90]; 90 = nadir
	Models       []ModelConfig `yaml:"models"`
}

// ModelConfig is one sensor model: a detection table and the range the
// footprint reaches for it.
type ModelConfig struct {
	ID       int         `yaml:"id"`        // the value priors[i].sensor_model refers to, in [0, 255]
	MaxRange float64     `yaml:"max_range"` // metres; the footprint is clipped to the largest
	Table    TableSource `yaml:"table"`
}

// TableSource is a detection table as a mission file gives it: either a name
// (an embedded table, see TableNames, or a file the loader resolves) or the
// rows inline as [[range, tpr, tnr], ...].
type TableSource struct {
	Name string
	Rows [][3]float64
}

// UnmarshalYAML reads a table name or an inline list of rows.
func (t *TableSource) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*t = TableSource{Name: n.Value}
		return nil
	case yaml.SequenceNode:
		var rows [][3]float64
		if err := n.Decode(&rows); err != nil {
			return fmt.Errorf("line %d: inline table rows are [range, tpr, tnr]: %w", n.Line, err)
		}
		*t = TableSource{Rows: rows}
		return nil
	}
	return fmt.Errorf("line %d: a table is a name or a list of [range, tpr, tnr]", n.Line)
}

// MarshalYAML writes the name, or the rows when there is no name.
func (t TableSource) MarshalYAML() (any, error) {
	if t.Name != "" {
		return t.Name, nil
	}
	return t.Rows, nil
}

// DefaultSensorConfig is the reference's fixed-wing sensor (model §3.4,
// Appendix A): models 0, 1, 2 with the fixed-wing tables and max ranges 610,
// 620 and 700 m.
func DefaultSensorConfig() SensorConfig {
	s := SensorConfig{FocalLength: DefaultFocalLength, SensorWidth: DefaultSensorSize, SensorHeight: DefaultSensorSize, PitchDeg: DefaultPitchDeg}
	for k, r := range [3]float64{610, 620, 700} {
		s.Models = append(s.Models, ModelConfig{ID: k, MaxRange: r, Table: TableSource{Name: fmt.Sprintf("fixedwing_sensor_model_%d.csv", k)}})
	}
	return s
}

// WithDefaults returns s with its zero fields set to DefaultSensorConfig's.
func (s SensorConfig) WithDefaults() SensorConfig {
	d := DefaultSensorConfig()
	if s.FocalLength == 0 {
		s.FocalLength = d.FocalLength
	}
	if s.SensorWidth == 0 {
		s.SensorWidth = d.SensorWidth
	}
	if s.SensorHeight == 0 {
		s.SensorHeight = d.SensorHeight
	}
	if s.PitchDeg == 0 {
		s.PitchDeg = d.PitchDeg
	}
	if len(s.Models) == 0 {
		s.Models = d.Models
	}
	return s
}

// Validate reports the first problem of s (after defaults), naming its key.
// Table names are checked when the sensor is built (NewSensor), where files
// can be read; inline tables are checked here.
func (s SensorConfig) Validate() error {
	s = s.WithDefaults()
	for _, f := range []struct {
		key string
		v   float64
	}{{"focal_length", s.FocalLength}, {"sensor_width", s.SensorWidth}, {"sensor_height", s.SensorHeight}} {
		if !(f.v > 0) || math.IsInf(f.v, 0) {
			return fmt.Errorf("sensor.%s: must be > 0, got %v", f.key, f.v)
		}
	}
	if !(s.PitchDeg > 0 && s.PitchDeg <= 90) {
		return fmt.Errorf("sensor.pitch_deg: must be in (0, 90], got %v", s.PitchDeg)
	}
	seen := map[int]int{}
	for k, m := range s.Models {
		if m.ID < 0 || m.ID > maxSensorModel {
			return fmt.Errorf("sensor.models[%d].id: must be in [0, %d], got %d", k, maxSensorModel, m.ID)
		}
		if prev, dup := seen[m.ID]; dup {
			return fmt.Errorf("sensor.models[%d].id: %d is already defined by sensor.models[%d]", k, m.ID, prev)
		}
		seen[m.ID] = k
		if !(m.MaxRange > 0) || math.IsInf(m.MaxRange, 0) {
			return fmt.Errorf("sensor.models[%d].max_range: must be > 0, got %v", k, m.MaxRange)
		}
		switch {
		case m.Table.Name == "" && m.Table.Rows == nil:
			return fmt.Errorf("sensor.models[%d].table: required: a table name or [[range, tpr, tnr], ...]", k)
		case m.Table.Rows != nil:
			if _, err := TableFromRows(m.Table.Rows); err != nil {
				return fmt.Errorf("sensor.models[%d].table: %w", k, err)
			}
		}
	}
	return nil
}

// NewSensor builds the sensor s describes (after defaults). A table name is
// looked up among the embedded tables first, then opened with open (which may
// be nil when only embedded and inline tables are allowed); a reader that is
// also an io.Closer is closed. Sensor.Tables has one entry per id up to the
// largest; ids the mission leaves out get an empty table.
func NewSensor(s SensorConfig, open func(name string) (io.Reader, error)) (*Sensor, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	s = s.WithDefaults()
	sen := &Sensor{Camera: Camera{
		FocalLength:  s.FocalLength,
		SensorWidth:  s.SensorWidth,
		SensorHeight: s.SensorHeight,
		Pitch:        s.PitchDeg * math.Pi / 180,
	}}
	for k, m := range s.Models {
		t, err := resolveTable(m.Table, open)
		if err != nil {
			return nil, fmt.Errorf("sensor.models[%d].table: %w", k, err)
		}
		for len(sen.Tables) <= m.ID {
			sen.Tables = append(sen.Tables, Table{})
		}
		sen.Tables[m.ID] = t
		sen.Camera.MaxRange = math.Max(sen.Camera.MaxRange, m.MaxRange)
	}
	return sen, nil
}

func resolveTable(src TableSource, open func(name string) (io.Reader, error)) (Table, error) {
	if src.Name == "" {
		return TableFromRows(src.Rows)
	}
	if t, err := NamedTable(src.Name); err == nil {
		return t, nil
	}
	if open == nil {
		return Table{}, fmt.Errorf("%q is not an embedded table (have %v)", src.Name, TableNames())
	}
	r, err := open(src.Name)
	if err != nil {
		return Table{}, fmt.Errorf("%q is not an embedded table and cannot be opened: %w", src.Name, err)
	}
	if c, ok := r.(io.Closer); ok {
		defer c.Close()
	}
	t, err := ParseTable(r)
	if err != nil {
		return Table{}, fmt.Errorf("%s: %w", src.Name, err)
	}
	return t, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
