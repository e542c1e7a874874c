import { normalize, type Quaternion, type Vector3 } from './quaternion.js';

/**
 * The rotation that turns the x, y and z axes onto `x`, `y` and `z`: three orthonormal,
 * right-handed directions (the columns of its matrix). Rounding in them is absorbed: the result
 * is normalised.
 */
export function basisQuaternion(x: Vector3, y: Vector3, z: Vector3): Quaternion {
  const [m00, m10, m20] = x;
  const [m01, m11, m21] = y;
  const [m02, m12, m22] = z;
  const trace = m00 + m11 + m22;
  // Shepperd's method: divide by the largest of the four candidates, so no branch loses precision.
  if (trace > 0) {
    const s = 2 * Math.sqrt(1 + trace);
    return normalize([s / 4, (m21 - m12) / s, (m02 - m20) / s, (m10 - m01) / s]);
  }
  if (m00 > m11 && m00 > m22) {
    const s = 2 * Math.sqrt(1 + m00 - m11 - m22);
    return normalize([(m21 - m12) / s, s / 4, (m01 + m10) / s, (m02 + m20) / s]);
  }
  if (m11 > m22) {
    const s = 2 * Math.sqrt(1 + m11 - m00 - m22);
    return normalize([(m02 - m20) / s, (m01 + m10) / s, s / 4, (m12 + m21) / s]);
  }
  const s = 2 * Math.sqrt(1 + m22 - m00 - m11);
  return normalize([(m10 - m01) / s, (m02 + m20) / s, (m12 + m21) / s, s / 4]);
}
