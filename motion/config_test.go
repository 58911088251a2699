package motion

import (
	"errors"
	"math"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestConfigDefaults(t *testing.T) {
	tests := []struct {
		name                      string
		in                        Config
		kind                      string
		speed, radius, alt, start float64
	}{
		{"empty is fixed-wing", Config{}, KindFixedWing, 25, 100, 50, 50},
		{"multirotor", Config{Kind: KindMultirotor}, KindMultirotor, 5, 0, 30, 30},
		{"explicit values kept", Config{Speed: 18, MinTurnRadius: 60, Altitude: 80, Start: StartPose{Z: ptr(110)}}, KindFixedWing, 18, 60, 80, 110},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.in.WithDefaults()
			if c.Kind != tt.kind || c.Speed != tt.speed || c.MinTurnRadius != tt.radius || c.Altitude != tt.alt || *c.Start.Z != tt.start {
				t.Errorf("got %+v", c)
			}
			if lo, hi := c.AltitudeRange(); lo != tt.alt || hi != tt.alt {
				t.Errorf("altitude range [%v, %v], want [%v, %v]", lo, hi, tt.alt, tt.alt)
			}
			if err := c.Validate(); err != nil {
				t.Errorf("defaults do not validate: %v", err)
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"kind", func(c *Config) { c.Kind = "helicopter" }, `vehicle.kind: must be "fixed-wing" or "multirotor", got "helicopter"`},
		{"speed", func(c *Config) { c.Speed = -3 }, "vehicle.speed: must be > 0, got -3"},
		{"radius", func(c *Config) { c.MinTurnRadius = -1 }, "vehicle.min_turn_radius: must be > 0, got -1"},
		{"altitude", func(c *Config) { c.Altitude = -5 }, "vehicle.altitude: must be > 0, got -5"},
		{"altitude_min", func(c *Config) { c.AltitudeMin = ptr(0) }, "vehicle.altitude_min: must be > 0, got 0"},
		{"altitude_max", func(c *Config) { c.AltitudeMax = ptr(math.Inf(1)) }, "vehicle.altitude_max: must be > 0, got +Inf"},
		{"min above max", func(c *Config) { c.AltitudeMin, c.AltitudeMax = ptr(90), ptr(60) }, "vehicle.altitude_min: must be <= altitude_max (60), got 90"},
		{"nominal outside", func(c *Config) { c.AltitudeMin, c.AltitudeMax = ptr(80), ptr(120) }, "vehicle.altitude: must lie within [altitude_min, altitude_max] = [80, 120], got 50"},
		{"climb", func(c *Config) { c.ClimbRate = -2 }, "vehicle.climb_rate: must be >= 0, got -2"},
		{"yaw", func(c *Config) { c.YawRate = math.NaN() }, "vehicle.yaw_rate_deg: must be >= 0, got NaN"},
		{"start heading", func(c *Config) { c.Start.HeadingDeg = math.Inf(-1) }, "vehicle.start.heading_deg: must be finite, got -Inf"},
		{"start z", func(c *Config) { c.Start.Z = ptr(-1) }, "vehicle.start.z: must be >= 0, got -1"},
		{"wind", func(c *Config) { c.Wind = Wind{X: 15, Y: 20} }, "vehicle.wind: wind speed 25 m/s must be below vehicle.speed 25 m/s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Config{}.WithDefaults()
			tt.edit(&c)
			err := c.Validate()
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if _, merr := NewModel(c); merr == nil {
				t.Error("NewModel accepted it")
			}
		})
	}
	c := Config{Wind: Wind{X: 30}}.WithDefaults()
	if err := c.Validate(); !errors.Is(err, ErrWindTooStrong) {
		t.Errorf("err = %v, want ErrWindTooStrong", err)
	}
}

func TestConfigYAML(t *testing.T) {
	src := `
kind: fixed-wing
speed: 22
min_turn_radius: 80
altitude: 60
altitude_min: 40
altitude_max: 90
climb_rate: 3
start: {x: 4500, y: 2500, z: 110, heading_deg: 180}
wind: {x: 2, y: -1}
`
	var c Config
	dec := yaml.NewDecoder(strings.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		t.Fatal(err)
	}
	c = c.WithDefaults()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if lo, hi := c.AltitudeRange(); lo != 40 || hi != 90 {
		t.Errorf("altitude range [%v, %v]", lo, hi)
	}
	if got, want := c.StartState(), pose(4500, 2500, 110, -math.Pi); got != want {
		t.Errorf("start %v, want %v", got, want)
	}
	m, err := NewModel(c)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Trochoid{Radius: 80, Airspeed: 22, ClimbRate: 3, Wind: Wind{X: 2, Y: -1}}); m != want {
		t.Errorf("model %#v, want %#v", m, want)
	}
}

func TestNewModel(t *testing.T) {
	tests := []struct {
		in   Config
		want Model
	}{
		{Config{}, Dubins{Radius: 100, Airspeed: 25}},
		{Config{ClimbRate: 2}, Dubins{Radius: 100, Airspeed: 25, ClimbRate: 2}},
		{Config{Wind: Wind{Y: 4}}, Trochoid{Radius: 100, Airspeed: 25, Wind: Wind{Y: 4}}},
		{Config{Kind: KindMultirotor, YawRate: 90, Wind: Wind{X: 1}}, Multirotor{Airspeed: 5, YawRate: math.Pi / 2, Wind: Wind{X: 1}}},
	}
	for _, tt := range tests {
		got, err := NewModel(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("NewModel(%+v) = %#v, want %#v", tt.in, got, tt.want)
		}
		if got.Speed() != tt.in.WithDefaults().Speed {
			t.Errorf("Speed() = %v", got.Speed())
		}
	}
}
