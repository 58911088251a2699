package mavlink

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/geo"
	"github.com/tigris-uav/tigris/motion"
)

// Frame ties the mission's local East-North-Up frame to the Earth for the
// autopilot link. A local point is Origin's ENU position of a geodetic point
// plus Offset, horizontally; heights are above the autopilot's home, which is
// taken to lie on the mission's ground plane (z = 0), because every autopilot
// reports and accepts a height relative to home but rarely a trustworthy
// ellipsoidal one.
//
// A mission without a geodetic origin is anchored at the vehicle's home with
// AnchorAt: home becomes the mission's start position.
type Frame struct {
	Origin geo.Origin
	Offset r3.Vec // added to Origin's ENU coordinates; only X and Y are used
}

// AnchorAt returns the frame in which the point lat, lon (degrees) lies at the
// local position at (its Z is ignored).
func AnchorAt(lat, lon float64, at r3.Vec) Frame {
	return Frame{Origin: geo.Origin{Lat: lat, Lon: lon}, Offset: r3.Vec{X: at.X, Y: at.Y}}
}

// ToLocal converts a geodetic position (degrees, and metres above home) to the
// mission frame.
func (f Frame) ToLocal(lat, lon, relAlt float64) r3.Vec {
	v := f.Origin.ToENU(lat, lon, f.Origin.Alt)
	return r3.Vec{X: v.X + f.Offset.X, Y: v.Y + f.Offset.Y, Z: relAlt}
}

// ToGlobal converts a mission-frame point to latitude, longitude (degrees) and
// height above home (metres). It inverts ToLocal.
func (f Frame) ToGlobal(p r3.Vec) (lat, lon, relAlt float64) {
	// FromENU at the height where ToLocal's inverse lands on the same
	// horizontal position: the tangent plane drops below the ellipsoid
	// with distance, so project back onto the origin's height.
	e := r3.Vec{X: p.X - f.Offset.X, Y: p.Y - f.Offset.Y}
	for range 3 {
		lat, lon, _ = f.Origin.FromENU(e)
		e.Z = f.Origin.ToENU(lat, lon, f.Origin.Alt).Z
	}
	lat, lon, _ = f.Origin.FromENU(e)
	return lat, lon, p.Z
}

// Validate reports an origin outside the globe or a non-finite offset.
func (f Frame) Validate() error {
	if err := f.Origin.Validate(); err != nil {
		return fmt.Errorf("mavlink: frame: %w", err)
	}
	if !finite(f.Offset.X) || !finite(f.Offset.Y) {
		return fmt.Errorf("mavlink: frame offset must be finite, got %v", f.Offset)
	}
	return nil
}

// ENUToNED converts a vector from East-North-Up to North-East-Down, the frame
// MAVLink's local positions and velocities use.
func ENUToNED(v r3.Vec) r3.Vec { return r3.Vec{X: v.Y, Y: v.X, Z: -v.Z} }

// NEDToENU converts a vector from North-East-Down to East-North-Up.
func NEDToENU(v r3.Vec) r3.Vec { return r3.Vec{X: v.Y, Y: v.X, Z: -v.Z} }

// HeadingToYaw converts a mission heading (radians, counter-clockwise from
// east) to a MAVLink yaw (radians, clockwise from north), in [-π, π).
func HeadingToYaw(h float64) float64 { return motion.WrapPi(math.Pi/2 - h) }

// YawToHeading converts a MAVLink yaw (radians, clockwise from north) to a
// mission heading (radians, counter-clockwise from east), in [-π, π).
func YawToHeading(yaw float64) float64 { return motion.WrapPi(math.Pi/2 - yaw) }

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// toE7 converts degrees to MAVLink's 1e-7 degree integers.
func toE7(deg float64) int32 { return int32(math.Round(deg * 1e7)) }
