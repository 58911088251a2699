// Package geo ties tigris's local planning frame to the Earth and to the files that other tools
// read and write: WGS84 coordinates, KML and GeoJSON shapes in, QGroundControl plans, Mission
// Planner waypoint lists, KML and GeoJSON out.
//
// # Frames
//
// The planner works in a flat local frame, x east and y north in metres, z up. A mission that is
// flown over real ground names an [Origin] (WGS84 latitude, longitude and altitude). [Origin.ToENU]
// and [Origin.FromENU] convert between geodetic coordinates and the origin's East-North-Up frame
// through Earth-Centred Earth-Fixed coordinates ([ToECEF], [FromECEF]). The conversion is exact on
// the ellipsoid, not a flat-Earth approximation: the tests hold it to a millimetre
// against Vincenty's geodesics at 20 km.
//
// The ENU plane is the tangent plane at the origin, so the ground curves away below it (8 cm at
// 1 km, 31 m at 20 km). A planner that flies "30 m above the ground" wants the ground's horizontal
// position and its own height above the ground, not ENU z, so missions use [Origin.Project] and
// [Origin.Unproject]: the East-North position of the ground point (at the origin's altitude)
// straight below. Heights stay heights above the origin: a start pose written with alt becomes
// z = alt − origin.alt, and exported waypoints carry z as the altitude above home, which is
// MAVLink's relative-altitude frame.
//
// # Shapes in
//
// [ReadKML] reads Point, LineString, LinearRing and Polygon placemarks (also inside
// MultiGeometry, Folders and Documents, with or without the KML namespace) the way Google Earth
// and QGroundControl write them; [ReadGeoJSON] reads features and geometries with orb's geojson
// package; [Load] picks the reader by file extension (.kml, .kmz, .geojson, .json). [Select] finds
// the one [Shape] that a mission's file reference names, by name and properties, and explains
// what the file holds when the reference is wrong or names a line where a polygon is needed.
//
// # Plans out
//
// A [Plan] is a waypoint mission in geodetic coordinates with its geofence and rally points.
// [Plan.WriteQGC] writes a QGroundControl .plan file (MAV_CMD_NAV_WAYPOINT items in
// MAV_FRAME_GLOBAL_RELATIVE_ALT, inclusion and exclusion fence polygons and circles),
// [Plan.WriteWPL] the QGC WPL 110 text Mission Planner reads, and [Plan.WriteKML] and
// [Plan.WriteGeoJSON] the flight path, waypoints and fence for Google Earth and GIS tools.
//
// Nothing here touches the clock, and only [Load] reads files (through an [io/fs.FS]).
package geo
