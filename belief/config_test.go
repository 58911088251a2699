package belief

import (
	"errors"
	"io"
	"math"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestNewSensorDefaults(t *testing.T) {
	s, err := NewSensor(SensorConfig{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cam := s.Camera
	if cam.FocalLength != 15 || cam.SensorWidth != 10 || cam.SensorHeight != 10 || math.Abs(cam.Pitch-math.Pi/6) > 1e-15 || cam.MaxRange != 700 {
		t.Errorf("camera %+v, want the fixed-wing camera with MaxRange 700", cam)
	}
	if len(s.Tables) != 3 {
		t.Fatalf("%d tables, want 3", len(s.Tables))
	}
	for k, n := range []int{101, 64, 76} {
		if len(s.Tables[k].TPR) != n {
			t.Errorf("table %d: %d rows, want %d", k, len(s.Tables[k].TPR), n)
		}
	}
}

type closeCounter struct {
	io.Reader
	closed *int
}

func (c closeCounter) Close() error { *c.closed++; return nil }

func TestNewSensorTables(t *testing.T) {
	closed := 0
	open := func(name string) (io.Reader, error) {
		if name != "mine.csv" {
			return nil, errors.New("no such file")
		}
		return closeCounter{strings.NewReader("range,tpr,tnr\n0,0.8,0.7\n20,0.6,0.6\n"), &closed}, nil
	}
	cfg := SensorConfig{PitchDeg: 90, Models: []ModelConfig{
		{ID: 0, MaxRange: 130, Table: TableSource{Name: "multirotor_sensor_model_0.csv"}},
		{ID: 3, MaxRange: 90, Table: TableSource{Rows: [][3]float64{{0, 1, 1}, {5, 0.5, 0.5}}}},
		{ID: 2, MaxRange: 150, Table: TableSource{Name: "mine.csv"}},
	}}
	s, err := NewSensor(cfg, open)
	if err != nil {
		t.Fatal(err)
	}
	if closed != 1 {
		t.Errorf("file closed %d times, want 1", closed)
	}
	if s.Camera.MaxRange != 150 || s.Camera.Pitch != math.Pi/2 || len(s.Tables) != 4 {
		t.Fatalf("MaxRange %v, pitch %v, %d tables; want 150, π/2, 4", s.Camera.MaxRange, s.Camera.Pitch, len(s.Tables))
	}
	checks := []struct {
		model    uint8
		r        float64
		tpr, tnr float64
	}{
		{0, 50, 0.85, 0.85},
		{1, 50, 0.5, 0.5}, // not defined: no information
		{2, 25, 0.6, 0.6},
		{2, 5, 0.8, 0.7},
		{3, 2, 1, 1},
	}
	for id, want := range []bool{true, false, true, true, false} {
		if s.HasModel(id) != want {
			t.Errorf("HasModel(%d) = %v, want %v", id, !want, want)
		}
	}
	if s.HasModel(-1) {
		t.Error("HasModel(-1) = true")
	}
	for _, c := range checks {
		if tpr, tnr := s.Rates(c.model, c.r); tpr != c.tpr || tnr != c.tnr {
			t.Errorf("model %d at %v: (%v, %v), want (%v, %v)", c.model, c.r, tpr, tnr, c.tpr, c.tnr)
		}
	}
}

func TestSensorConfigErrors(t *testing.T) {
	model := func(id int, r float64, src TableSource) []ModelConfig {
		return []ModelConfig{{ID: id, MaxRange: r, Table: src}}
	}
	named := TableSource{Name: "fixedwing_sensor_model_0"}
	cases := []struct {
		name string
		cfg  SensorConfig
		open func(string) (io.Reader, error)
		err  string
	}{
		{"focal length", SensorConfig{FocalLength: -1}, nil, "sensor.focal_length: must be > 0, got -1"},
		{"width", SensorConfig{SensorWidth: math.Inf(1)}, nil, "sensor.sensor_width"},
		{"height", SensorConfig{SensorHeight: math.NaN()}, nil, "sensor.sensor_height"},
		{"pitch above 90", SensorConfig{PitchDeg: 91}, nil, "sensor.pitch_deg: must be in (0, 90], got 91"},
		{"negative pitch", SensorConfig{PitchDeg: -10}, nil, "sensor.pitch_deg"},
		{"id", SensorConfig{Models: model(300, 600, named)}, nil, "sensor.models[0].id: must be in [0, 255], got 300"},
		{"duplicate id", SensorConfig{Models: append(model(1, 600, named), model(1, 600, named)...)}, nil, "sensor.models[1].id: 1 is already defined by sensor.models[0]"},
		{"max range", SensorConfig{Models: model(0, 0, named)}, nil, "sensor.models[0].max_range: must be > 0, got 0"},
		{"no table", SensorConfig{Models: model(0, 600, TableSource{})}, nil, "sensor.models[0].table: required"},
		{"bad inline table", SensorConfig{Models: model(0, 600, TableSource{Rows: [][3]float64{{0, 2, 1}, {10, 1, 1}}})}, nil, "sensor.models[0].table: row 1: tpr must be in [0, 1]"},
		{"unknown name, no files", SensorConfig{Models: model(0, 600, TableSource{Name: "x.csv"})}, nil, `sensor.models[0].table: "x.csv" is not an embedded table`},
		{"missing file", SensorConfig{Models: model(0, 600, TableSource{Name: "x.csv"})},
			func(string) (io.Reader, error) { return nil, errors.New("open x.csv: no such file") }, "sensor.models[0].table: \"x.csv\" is not an embedded table and cannot be opened: open x.csv: no such file"},
		{"bad file", SensorConfig{Models: model(0, 600, TableSource{Name: "x.csv"})},
			func(string) (io.Reader, error) { return strings.NewReader("0,1,1\n"), nil }, "sensor.models[0].table: x.csv: detection table: a detection table needs at least 2 rows"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewSensor(c.cfg, c.open)
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("err = %v, want one containing %q", err, c.err)
			}
		})
	}
}

// The mission-file form of the three sections, decoded strictly.
func TestConfigYAML(t *testing.T) {
	const doc = `
sensor:
  pitch_deg: 45
  models:
    - {id: 0, max_range: 610, table: fixedwing_sensor_model_0.csv}
    - {id: 1, max_range: 300, table: [[0, 0.9, 0.8], [50, 0.7, 0.6]]}
map:
  resolution: 10
  bounds: [[0, 0], [500, 0], [500, 400], [0, 400]]
  default_probability: 0.01
priors:
  - {polygon: [[0, 0], [100, 0], [100, 100]], probability: 0.49, priority: 1.3, sensor_model: 1}
  - {gaussian: {center: [250, 200], sigma: 40, peak: 0.45}}
  - {line: [[0, 0], [500, 400]], probability: 0.3}
  - {point: [250, 250], probability: 0.5}
`
	var cfg struct {
		Sensor SensorConfig `yaml:"sensor"`
		Map    MapConfig    `yaml:"map"`
		Priors []Prior      `yaml:"priors"`
	}
	dec := yaml.NewDecoder(strings.NewReader(doc))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Sensor.Models[1].Table.Rows[1] != [3]float64{50, 0.7, 0.6} || cfg.Sensor.Models[0].Table.Name != "fixedwing_sensor_model_0.csv" {
		t.Errorf("tables decoded as %+v", cfg.Sensor.Models)
	}
	s, err := NewSensor(cfg.Sensor, nil)
	if err != nil {
		t.Fatal(err)
	}
	g, err := NewGrid(cfg.Map, cfg.Priors)
	if err != nil {
		t.Fatal(err)
	}
	if g.Rows != 50 || g.Cols != 40 || s.Camera.MaxRange != 610 {
		t.Errorf("grid %d×%d, MaxRange %v; want 50×40, 610", g.Rows, g.Cols, s.Camera.MaxRange)
	}
	if k := g.Index(8, 1); g.Prob[k] != 0.49 || g.Priority[k] != 1.3 || g.Model[k] != 1 {
		t.Errorf("polygon prior cell = (%v, %v, %d)", g.Prob[k], g.Priority[k], g.Model[k])
	}
	out, err := yaml.Marshal(cfg.Sensor.Models)
	if err != nil || !strings.Contains(string(out), "table: fixedwing_sensor_model_0.csv") || !strings.Contains(string(out), "- - 50") {
		t.Errorf("marshalled models:\n%s(err %v)", out, err)
	}

	var bad struct {
		Table TableSource `yaml:"table"`
	}
	for _, in := range []string{"table: {name: x}", "table: [[0, 1]]", "table: [[0, a, 1]]"} {
		if err := yaml.Unmarshal([]byte(in), &bad); err == nil {
			t.Errorf("%q decoded without error", in)
		}
	}
}

func TestMapConfigDefaults(t *testing.T) {
	m := MapConfig{}.WithDefaults()
	if m.Resolution != DefaultResolution || m.DefaultProbability == nil || *m.DefaultProbability != DefaultProbability {
		t.Errorf("defaults %+v", m)
	}
	p := 0.3
	m = MapConfig{Resolution: 10, DefaultProbability: &p}.WithDefaults()
	if m.Resolution != 10 || *m.DefaultProbability != 0.3 {
		t.Errorf("set values overwritten: %+v", m)
	}
	s := SensorConfig{PitchDeg: 90, Models: []ModelConfig{{ID: 0, MaxRange: 130, Table: TableSource{Name: "multirotor_sensor_model_0"}}}}.WithDefaults()
	if s.PitchDeg != 90 || len(s.Models) != 1 || s.FocalLength != 15 {
		t.Errorf("sensor defaults %+v", s)
	}
}
