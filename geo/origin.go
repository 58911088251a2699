package geo

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"
)

// WGS84 ellipsoid constants (NIMA TR8350.2).
const (
	// SemiMajor is the WGS84 equatorial radius a, in metres.
	SemiMajor = 6378137.0
	// Flattening is the WGS84 flattening f = (a-b)/a.
	Flattening = 1 / 298.257223563
	// SemiMinor is the WGS84 polar radius b = a(1-f), in metres.
	SemiMinor = SemiMajor * (1 - Flattening)
	// ecc2 is the first eccentricity squared e² = f(2-f).
	ecc2 = Flattening * (2 - Flattening)
	// ep2 is the second eccentricity squared e'² = e²/(1-e²).
	ep2 = ecc2 / (1 - ecc2)
)

const deg = math.Pi / 180

// Origin anchors the local East-North-Up frame of a mission to the Earth. Lat and Lon are WGS84
// geodetic degrees; Alt is the altitude in metres of the ground at the origin, the frame's z = 0.
//
// The conversions take Alt as a height above the ellipsoid. A mission may give it above mean sea
// level instead, as autopilots report home: the geoid separation (within ±110 m) only scales
// horizontal distances by its ratio to the Earth's radius (under 2e-5, so under 35 cm at 20 km),
// imports and exports use the same Alt and so stay consistent with each other, and exports report
// Alt as the home altitude, which is what ground stations expect there.
//
// The zero value is a valid origin (0°N 0°E on the ellipsoid) but rarely the intended one; a
// mission that means it should say so explicitly.
type Origin struct {
	Lat float64 `yaml:"lat" json:"lat"`
	Lon float64 `yaml:"lon" json:"lon"`
	Alt float64 `yaml:"alt" json:"alt"`
}

// Validate reports an origin whose latitude or longitude is out of range or not finite. Messages
// name the key path under "origin".
func (o Origin) Validate() error {
	switch {
	case math.IsNaN(o.Lat) || o.Lat < -90 || o.Lat > 90:
		return fmt.Errorf("origin.lat: must be in [-90, 90], got %v", o.Lat)
	case math.IsNaN(o.Lon) || o.Lon < -180 || o.Lon > 180:
		return fmt.Errorf("origin.lon: must be in [-180, 180], got %v", o.Lon)
	case math.IsNaN(o.Alt) || math.IsInf(o.Alt, 0):
		return fmt.Errorf("origin.alt: must be finite, got %v", o.Alt)
	}
	return nil
}

// ToECEF converts WGS84 geodetic coordinates (degrees, degrees, metres above the ellipsoid) to
// Earth-Centred Earth-Fixed Cartesian coordinates in metres.
func ToECEF(lat, lon, alt float64) r3.Vec {
	sφ, cφ := math.Sincos(lat * deg)
	sλ, cλ := math.Sincos(lon * deg)
	n := SemiMajor / math.Sqrt(1-ecc2*sφ*sφ) // prime vertical radius of curvature
	return r3.Vec{
		X: (n + alt) * cφ * cλ,
		Y: (n + alt) * cφ * sλ,
		Z: (n*(1-ecc2) + alt) * sφ,
	}
}

// FromECEF converts ECEF coordinates in metres to WGS84 geodetic latitude and longitude in degrees
// and ellipsoidal height in metres.
//
// It starts from Bowring's estimate, already good to a millimetre near the surface, and refines it
// with fixed-point steps on the latitude until it stops changing, so points far above or below
// the ellipsoid converge as well.
func FromECEF(v r3.Vec) (lat, lon, alt float64) {
	p := math.Hypot(v.X, v.Y)
	lon = math.Atan2(v.Y, v.X) / deg
	if p < 1e-9 {
		// On the polar axis the longitude is arbitrary and the latitude is ±90°.
		if v.Z >= 0 {
			return 90, lon, v.Z - SemiMinor
		}
		return -90, lon, -v.Z - SemiMinor
	}
	θ := math.Atan2(v.Z*SemiMajor, p*SemiMinor)
	sθ, cθ := math.Sincos(θ)
	φ := math.Atan2(v.Z+ep2*SemiMinor*sθ*sθ*sθ, p-ecc2*SemiMajor*cθ*cθ*cθ)
	for range 5 {
		sφ := math.Sin(φ)
		n := SemiMajor / math.Sqrt(1-ecc2*sφ*sφ)
		next := math.Atan2(v.Z+ecc2*n*sφ, p)
		done := math.Abs(next-φ) < 1e-15
		φ = next
		if done {
			break
		}
	}
	sφ, cφ := math.Sincos(φ)
	n := SemiMajor / math.Sqrt(1-ecc2*sφ*sφ)
	// Choose the height formula that is well conditioned for this latitude.
	if math.Abs(cφ) > 1e-3 {
		alt = p/cφ - n
	} else {
		alt = v.Z/sφ - n*(1-ecc2)
	}
	return φ / deg, lon, alt
}

// ToENU converts WGS84 geodetic coordinates (degrees, degrees, metres above the ellipsoid) to the
// origin's local East-North-Up frame in metres. The conversion is exact (through ECEF), so its
// error is rounding only, far below the 0.1 m the mission files need within 20 km.
func (o Origin) ToENU(lat, lon, alt float64) r3.Vec {
	d := r3.Sub(ToECEF(lat, lon, alt), ToECEF(o.Lat, o.Lon, o.Alt))
	sφ, cφ := math.Sincos(o.Lat * deg)
	sλ, cλ := math.Sincos(o.Lon * deg)
	return r3.Vec{
		X: -sλ*d.X + cλ*d.Y,
		Y: -sφ*cλ*d.X - sφ*sλ*d.Y + cφ*d.Z,
		Z: cφ*cλ*d.X + cφ*sλ*d.Y + sφ*d.Z,
	}
}

// FromENU converts a point of the origin's local East-North-Up frame (metres) to WGS84 geodetic
// latitude and longitude in degrees and ellipsoidal height in metres. It inverts ToENU.
func (o Origin) FromENU(v r3.Vec) (lat, lon, alt float64) {
	sφ, cφ := math.Sincos(o.Lat * deg)
	sλ, cλ := math.Sincos(o.Lon * deg)
	// The ENU rotation is orthonormal, so its inverse is its transpose.
	d := r3.Vec{
		X: -sλ*v.X - sφ*cλ*v.Y + cφ*cλ*v.Z,
		Y: cλ*v.X - sφ*sλ*v.Y + cφ*sλ*v.Z,
		Z: cφ*v.Y + sφ*v.Z,
	}
	return FromECEF(r3.Add(ToECEF(o.Lat, o.Lon, o.Alt), d))
}

// Project returns the local East-North position of the ground point at lat, lon (degrees), taking
// the ground to be at the origin's altitude. It is the horizontal part of ToENU at height o.Alt,
// which is what a flat-frame planner means by "where": a point at another height would shift
// sideways by its height times the angle between the two verticals (1.6 m for 500 m at 20 km).
// Origin satisfies geom.Projector through it.
func (o Origin) Project(lat, lon float64) r2.Vec {
	v := o.ToENU(lat, lon, o.Alt)
	return r2.Vec{X: v.X, Y: v.Y}
}

// Unproject inverts Project: it returns the latitude and longitude (degrees) of the ground point
// whose local East-North position is v.
//
// The ground at the origin's altitude curves below the tangent plane (about 8 cm at 1 km, 31 m at
// 20 km), so the point is found at the height where that ground meets the vertical line through
// v; three fixed-point steps on that height reach the rounding error of float64.
func (o Origin) Unproject(v r2.Vec) (lat, lon float64) {
	z := 0.0
	for range 3 {
		lat, lon, _ = o.FromENU(r3.Vec{X: v.X, Y: v.Y, Z: z})
		z = o.ToENU(lat, lon, o.Alt).Z
	}
	lat, lon, _ = o.FromENU(r3.Vec{X: v.X, Y: v.Y, Z: z})
	return lat, lon
}
