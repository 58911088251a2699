package geo

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"
)

// vincenty is Vincenty's (1975) inverse formula for the geodesic distance on the WGS84
// ellipsoid: an independent method (iterated on the auxiliary sphere, no Cartesian coordinates)
// to check the ECEF/ENU conversions against.
func vincenty(lat1, lon1, lat2, lon2 float64) float64 {
	const a, f = SemiMajor, Flattening
	b := a * (1 - f)
	u1 := math.Atan((1 - f) * math.Tan(lat1*deg))
	u2 := math.Atan((1 - f) * math.Tan(lat2*deg))
	su1, cu1 := math.Sincos(u1)
	su2, cu2 := math.Sincos(u2)
	l := (lon2 - lon1) * deg
	λ := l
	var sσ, cσ, σ, c2α, c2σm float64
	for range 200 {
		sλ, cλ := math.Sincos(λ)
		sσ = math.Hypot(cu2*sλ, cu1*su2-su1*cu2*cλ)
		cσ = su1*su2 + cu1*cu2*cλ
		σ = math.Atan2(sσ, cσ)
		sα := cu1 * cu2 * sλ / sσ
		c2α = 1 - sα*sα
		c2σm = cσ - 2*su1*su2/c2α
		c := f / 16 * c2α * (4 + f*(4-3*c2α))
		prev := λ
		λ = l + (1-c)*f*sα*(σ+c*sσ*(c2σm+c*cσ*(-1+2*c2σm*c2σm)))
		if math.Abs(λ-prev) < 1e-13 {
			break
		}
	}
	u2sq := c2α * (a*a - b*b) / (b * b)
	A := 1 + u2sq/16384*(4096+u2sq*(-768+u2sq*(320-175*u2sq)))
	B := u2sq / 1024 * (256 + u2sq*(-128+u2sq*(74-47*u2sq)))
	dσ := B * sσ * (c2σm + B/4*(cσ*(-1+2*c2σm*c2σm)-B/6*c2σm*(-3+4*sσ*sσ)*(-3+4*c2σm*c2σm)))
	return b * A * (σ - dσ)
}

func dms(d, m, s float64) float64 { return math.Copysign(math.Abs(d)+m/60+s/3600, d) }

func TestVincentyReference(t *testing.T) {
	// Geoscience Australia's worked example (Flinders Peak to Buninyong, GRS80, whose
	// flattening differs from WGS84's by 1e-11): 54 972.271 m.
	s := vincenty(dms(-37, 57, 3.72030), dms(144, 25, 29.52440), dms(-37, 39, 10.15610), dms(143, 55, 35.38390))
	if math.Abs(s-54972.271) > 0.001 {
		t.Fatalf("vincenty = %.4f m, want 54972.271 m: the test's reference method is wrong", s)
	}
}

func TestToECEFReference(t *testing.T) {
	// GeographicLib's CartConvert(1) example: Mount Everest.
	got := ToECEF(27.99, 86.93, 8820)
	want := r3.Vec{X: 302271.4, Y: 5635928.4, Z: 2979666.1}
	if d := r3.Norm(r3.Sub(got, want)); d > 0.1 {
		t.Errorf("ToECEF(Everest) = %v, want %v (off by %g m)", got, want, d)
	}
}

func TestFromECEF(t *testing.T) {
	for _, c := range []LatLon{
		{27.99, 86.93, 8820}, {0, 0, 0}, {89.9999, 10, 100}, {-89.99999, -170, -50}, {90, 0, 0}, {-90, 0, 10},
		{45, 179.999, 35786e3}, {-33.9, 18.4, -400}, {1e-9, -1e-9, 1},
	} {
		lat, lon, alt := FromECEF(ToECEF(c.Lat, c.Lon, c.Alt))
		// At the poles the longitude is arbitrary; compare positions, not angles.
		back := ToECEF(lat, lon, alt)
		if d := r3.Norm(r3.Sub(back, ToECEF(c.Lat, c.Lon, c.Alt))); d > 1e-6 || math.Abs(lat-c.Lat) > 1e-11 || math.Abs(alt-c.Alt) > 1e-6 {
			t.Errorf("FromECEF(ToECEF(%v)) = (%v, %v, %v), %g m away", c, lat, lon, alt, d)
		}
	}
}

// TestENUAccuracy checks the ENU frame against two independent constructions within 20 km of
// the origin, the range the 0.1 m requirement covers.
func TestENUAccuracy(t *testing.T) {
	origins := []Origin{
		{Lat: 40.5125, Lon: -80.245, Alt: 335},
		{Lat: 47.3977419, Lon: 8.545594, Alt: 487.989},
		{Lat: -33.87, Lon: 151.21, Alt: 20},
		{Lat: 0.5, Lon: 0, Alt: 0},
		{Lat: 69.65, Lon: 18.96, Alt: 10},
	}
	for _, o := range origins {
		t.Run(fmt.Sprintf("%v,%v", o.Lat, o.Lon), func(t *testing.T) {
			// Up is the ellipsoid normal: a point straight above the origin.
			if v := o.ToENU(o.Lat, o.Lon, o.Alt+100); r3.Norm(r3.Sub(v, r3.Vec{Z: 100})) > 1e-6 {
				t.Errorf("100 m above the origin: ENU %v, want (0, 0, 100)", v)
			}
			// Small steps follow the radii of curvature (meridian M and prime vertical N).
			s := math.Sin(o.Lat * deg)
			w := math.Sqrt(1 - ecc2*s*s)
			m := SemiMajor * (1 - ecc2) / (w * w * w)
			n := SemiMajor / w
			const dφ = 1e-5 // ~1.1 m: the second-order terms are below 1e-6 m
			north := o.ToENU(o.Lat+dφ, o.Lon, o.Alt)
			east := o.ToENU(o.Lat, o.Lon+dφ, o.Alt)
			if want := (m + o.Alt) * dφ * deg; math.Abs(north.Y-want) > 1e-5 || math.Abs(north.X) > 1e-6 {
				t.Errorf("north step: ENU %v, want (0, %v)", north, want)
			}
			if want := (n + o.Alt) * math.Cos(o.Lat*deg) * dφ * deg; math.Abs(east.X-want) > 1e-5 || math.Abs(east.Y) > 1e-5 {
				t.Errorf("east step: ENU %v, want (%v, 0)", east, want)
			}
			// Far points: the ENU distance is the chord; Vincenty gives the geodesic, longer by
			// about s³/24R² (8 mm at 20 km). Both ends on the ellipsoid, so the relation holds;
			// the conversions agree with it to a tenth of a millimetre.
			o0 := Origin{Lat: o.Lat, Lon: o.Lon}
			for _, v := range []r2.Vec{{X: 20000}, {Y: 20000}, {X: -14142, Y: 14142}, {X: 5000, Y: -12000}, {X: -300, Y: -900}} {
				lat, lon := o0.Unproject(v)
				chord := r3.Norm(o0.ToENU(lat, lon, 0))
				geodesic := vincenty(o.Lat, o.Lon, lat, lon)
				want := geodesic - geodesic*geodesic*geodesic/(24*SemiMajor*SemiMajor)
				if math.Abs(chord-want) > 0.001 {
					t.Errorf("to %v: chord %.4f m, geodesic %.4f m (want chord %.4f)", v, chord, geodesic, want)
				}
				// The plane coordinates themselves: on the tangent plane the horizontal
				// distance is shorter than the geodesic by about s³/6R²: 3 cm at 20 km.
				if d := r2.Norm(v); math.Abs(d-geodesic) > 0.05 {
					t.Errorf("to %v: plane distance %.4f m, geodesic %.4f m", v, d, geodesic)
				}
			}
		})
	}
}

func TestOriginRoundTrip(t *testing.T) {
	origins := []Origin{
		{Lat: 47.3977, Lon: 8.5456, Alt: 488},
		{Lat: -33.87, Lon: 151.21, Alt: 20},
		{Lat: 0, Lon: 0, Alt: 0},
		{Lat: 78.22, Lon: 15.65, Alt: 10},
		{Lat: 40.4, Lon: -179.99, Alt: 100}, // the antimeridian is 850 m east
	}
	offsets := []r3.Vec{{}, {X: 20000}, {Y: -20000}, {X: 14000, Y: 14000, Z: 120}, {X: -3, Y: 7, Z: -50}}
	for _, o := range origins {
		for _, v := range offsets {
			lat, lon, alt := o.FromENU(v)
			if got := o.ToENU(lat, lon, alt); r3.Norm(r3.Sub(got, v)) > 1e-6 {
				t.Errorf("origin %+v: ENU %v -> (%v, %v, %v) -> %v", o, v, lat, lon, alt, got)
			}
			h := r2.Vec{X: v.X, Y: v.Y}
			lat, lon = o.Unproject(h)
			if got := o.Project(lat, lon); r2.Norm(r2.Sub(got, h)) > 1e-6 {
				t.Errorf("origin %+v: plane %v -> (%v, %v) -> %v", o, h, lat, lon, got)
			}
			if lon < -180 || lon > 180 {
				t.Errorf("origin %+v: plane %v -> longitude %v outside [-180, 180]", o, h, lon)
			}
		}
	}
}

func TestOriginValidate(t *testing.T) {
	for _, c := range []struct {
		o    Origin
		want string
	}{
		{Origin{Lat: 40, Lon: -80, Alt: 300}, ""},
		{Origin{Lat: 91}, "origin.lat: must be in [-90, 90], got 91"},
		{Origin{Lat: math.NaN()}, "origin.lat: must be in [-90, 90], got NaN"},
		{Origin{Lon: -181}, "origin.lon: must be in [-180, 180], got -181"},
		{Origin{Alt: math.Inf(1)}, "origin.alt: must be finite, got +Inf"},
	} {
		err := c.o.Validate()
		if got := fmt.Sprint(err); (c.want == "" && err != nil) || (c.want != "" && got != c.want) {
			t.Errorf("%+v.Validate() = %v, want %q", c.o, err, c.want)
		}
	}
}
