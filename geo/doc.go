// Package geo ties tigris's local planning frame to the Earth and to the files that other tools
// read and write.
//
// The planner works in a flat local frame, x east and y north in metres, z up. A mission that is
// flown over real ground names an [Origin] (WGS84 latitude, longitude and ellipsoidal height);
// [Origin.ToENU] and [Origin.FromENU] convert between geodetic coordinates and that frame through
// Earth-Centred Earth-Fixed coordinates ([ToECEF], [FromECEF]). The conversion is exact on the
// ellipsoid rather than a flat-Earth approximation, so it stays well inside a centimetre over the
// few tens of kilometres a mission spans; the East-North plane is the tangent plane at the origin,
// so far from it a point on the ground sits slightly below z = 0 (about 8 cm at 1 km).
package geo
