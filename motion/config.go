package motion

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// Vehicle kinds accepted in Config.Kind.
const (
	KindFixedWing  = "fixed-wing"
	KindMultirotor = "multirotor"
)

// Defaults applied by Config.WithDefaults to zero-valued fields.
const (
	DefaultFixedWingSpeed   = 25.0  // m/s
	DefaultMultirotorSpeed  = 5.0   // m/s
	DefaultMinTurnRadius    = 100.0 // m
	DefaultFixedWingHeight  = 50.0  // m
	DefaultMultirotorHeight = 30.0  // m
)

// Wind is a horizontal wind vector in m/s (the direction the air moves
// toward), written {x, y} in a mission file.
type Wind struct {
	X float64 `yaml:"x"`
	Y float64 `yaml:"y"`
}

// Speed is the wind's magnitude in m/s.
func (w Wind) Speed() float64 { return math.Hypot(w.X, w.Y) }

// StartPose is the vehicle's start in a mission file: position in metres and
// heading in degrees counter-clockwise from east. A nil Z means the nominal
// flight altitude.
//
// A mission with an origin may give the position as Lat, Lon (WGS84 degrees),
// or Geo = [lat, lon], and Alt (metres, same datum as the origin's alt)
// instead of X, Y, Z; the mission loader converts them and clears them, and
// Validate rejects a pose that still holds them.
type StartPose struct {
	X          float64   `yaml:"x"`
	Y          float64   `yaml:"y"`
	Z          *float64  `yaml:"z"`
	HeadingDeg float64   `yaml:"heading_deg"`
	Lat        *float64  `yaml:"lat"`
	Lon        *float64  `yaml:"lon"`
	Alt        *float64  `yaml:"alt"`
	Geo        []float64 `yaml:"geo"`
}

// Config is the mission file's `vehicle:` section. Zero values mean the
// defaults that WithDefaults fills in, which depend on Kind.
type Config struct {
	// Kind is KindFixedWing (the default) or KindMultirotor.
	Kind string `yaml:"kind"`
	// Speed is the airspeed in m/s (default 25 fixed-wing, 5 multirotor).
	Speed float64 `yaml:"speed"`
	// MinTurnRadius is the fixed-wing turn radius in metres (default 100).
	MinTurnRadius float64 `yaml:"min_turn_radius"`
	// Altitude is the nominal flight height in metres (default 50
	// fixed-wing, 30 multirotor).
	Altitude float64 `yaml:"altitude"`
	// AltitudeMin and AltitudeMax bound the altitude of sampled poses; nil
	// means Altitude.
	AltitudeMin *float64 `yaml:"altitude_min"`
	AltitudeMax *float64 `yaml:"altitude_max"`
	// ClimbRate limits the vertical speed in m/s; 0 means unlimited.
	ClimbRate float64 `yaml:"climb_rate"`
	// YawRate is the multirotor's turn-in-place rate in degrees per second;
	// 0 means heading changes take no time.
	YawRate float64 `yaml:"yaw_rate_deg"`
	// Start is where the vehicle starts.
	Start StartPose `yaml:"start"`
	// Wind is the constant wind; it must be slower than Speed.
	Wind Wind `yaml:"wind"`
}

// WithDefaults returns c with every zero-valued field replaced by its default.
func (c Config) WithDefaults() Config {
	if c.Kind == "" {
		c.Kind = KindFixedWing
	}
	multi := c.Kind == KindMultirotor
	if c.Speed == 0 {
		c.Speed = DefaultFixedWingSpeed
		if multi {
			c.Speed = DefaultMultirotorSpeed
		}
	}
	if c.MinTurnRadius == 0 && !multi {
		c.MinTurnRadius = DefaultMinTurnRadius
	}
	if c.Altitude == 0 {
		c.Altitude = DefaultFixedWingHeight
		if multi {
			c.Altitude = DefaultMultirotorHeight
		}
	}
	if c.AltitudeMin == nil {
		c.AltitudeMin = ptr(c.Altitude)
	}
	if c.AltitudeMax == nil {
		c.AltitudeMax = ptr(c.Altitude)
	}
	if c.Start.Z == nil {
		c.Start.Z = ptr(c.Altitude)
	}
	return c
}

func ptr(v float64) *float64 { return &v }

// Validate reports the first problem with c, naming its key under
// `vehicle.`. Call it on c.WithDefaults(): zero values that have a default
// are rejected here.
func (c Config) Validate() error {
	if c.Kind != KindFixedWing && c.Kind != KindMultirotor {
		return fmt.Errorf("vehicle.kind: must be %q or %q, got %q", KindFixedWing, KindMultirotor, c.Kind)
	}
	if err := positive("vehicle.speed", c.Speed); err != nil {
		return err
	}
	if c.Kind == KindFixedWing {
		if err := positive("vehicle.min_turn_radius", c.MinTurnRadius); err != nil {
			return err
		}
	}
	if err := positive("vehicle.altitude", c.Altitude); err != nil {
		return err
	}
	lo, hi := c.Altitude, c.Altitude
	if c.AltitudeMin != nil {
		lo = *c.AltitudeMin
		if err := positive("vehicle.altitude_min", lo); err != nil {
			return err
		}
	}
	if c.AltitudeMax != nil {
		hi = *c.AltitudeMax
		if err := positive("vehicle.altitude_max", hi); err != nil {
			return err
		}
	}
	if lo > hi {
		return fmt.Errorf("vehicle.altitude_min: must be <= altitude_max (%v), got %v", hi, lo)
	}
	if c.Altitude < lo || c.Altitude > hi {
		return fmt.Errorf("vehicle.altitude: must lie within [altitude_min, altitude_max] = [%v, %v], got %v", lo, hi, c.Altitude)
	}
	if err := nonNegative("vehicle.climb_rate", c.ClimbRate); err != nil {
		return err
	}
	if err := nonNegative("vehicle.yaw_rate_deg", c.YawRate); err != nil {
		return err
	}
	for _, f := range []struct {
		key string
		v   float64
	}{{"vehicle.start.x", c.Start.X}, {"vehicle.start.y", c.Start.Y}, {"vehicle.start.heading_deg", c.Start.HeadingDeg},
		{"vehicle.wind.x", c.Wind.X}, {"vehicle.wind.y", c.Wind.Y}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return fmt.Errorf("%s: must be finite, got %v", f.key, f.v)
		}
	}
	if c.Start.Lat != nil || c.Start.Lon != nil || c.Start.Alt != nil || c.Start.Geo != nil {
		return errors.New("vehicle.start: lat, lon, geo and alt need the mission's origin to become x, y, z")
	}
	if c.Start.Z != nil {
		if err := nonNegative("vehicle.start.z", *c.Start.Z); err != nil {
			return err
		}
	}
	if ws := c.Wind.Speed(); ws >= c.Speed {
		return fmt.Errorf("vehicle.wind: wind speed %.3g m/s must be below vehicle.speed %.3g m/s: %w", ws, c.Speed, ErrWindTooStrong)
	}
	return nil
}

// ErrWindTooStrong is returned (wrapped) when the wind is at least as fast
// as the airspeed: the vehicle could not make headway against it.
var ErrWindTooStrong = errors.New("wind at or above airspeed")

func positive(key string, v float64) error {
	if !(v > 0) || math.IsInf(v, 0) {
		return fmt.Errorf("%s: must be > 0, got %v", key, v)
	}
	return nil
}

func nonNegative(key string, v float64) error {
	if !(v >= 0) || math.IsInf(v, 0) {
		return fmt.Errorf("%s: must be >= 0, got %v", key, v)
	}
	return nil
}

// StartState returns the start pose in SI units: heading in radians wrapped
// to [-π, π), Z the configured start height or, when unset, Altitude.
func (c Config) StartState() Pose {
	z := c.Altitude
	if c.Start.Z != nil {
		z = *c.Start.Z
	}
	return Pose{Vec: r3.Vec{X: c.Start.X, Y: c.Start.Y, Z: z}, Heading: WrapPi(c.Start.HeadingDeg * math.Pi / 180)}
}

// AltitudeRange returns the bounds for sampled altitudes; both are Altitude
// unless altitude_min or altitude_max is set.
func (c Config) AltitudeRange() (lo, hi float64) {
	lo, hi = c.Altitude, c.Altitude
	if c.AltitudeMin != nil {
		lo = *c.AltitudeMin
	}
	if c.AltitudeMax != nil {
		hi = *c.AltitudeMax
	}
	return lo, hi
}

// NewModel applies the defaults, validates c and returns its motion model:
// Multirotor for a multirotor, Dubins for a fixed-wing in still air, and
// Trochoid for a fixed-wing in wind.
func NewModel(c Config) (Model, error) {
	c = c.WithDefaults()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.Kind == KindMultirotor {
		return Multirotor{Airspeed: c.Speed, YawRate: c.YawRate * math.Pi / 180, ClimbRate: c.ClimbRate, Wind: c.Wind}, nil
	}
	if c.Wind == (Wind{}) {
		return Dubins{Radius: c.MinTurnRadius, Airspeed: c.Speed, ClimbRate: c.ClimbRate}, nil
	}
	return Trochoid{Radius: c.MinTurnRadius, Airspeed: c.Speed, ClimbRate: c.ClimbRate, Wind: c.Wind}, nil
}
