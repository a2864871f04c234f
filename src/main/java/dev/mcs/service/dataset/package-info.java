/**
 * Datasets for calibration and evaluation: numpy {@code .npz} archives whose arrays are keyed by
 * model input name, with an optional {@code labels} array. Validation reads headers only.
 */
package dev.mcs.service.dataset;
