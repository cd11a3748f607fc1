/** The calibration report's ROC curve lives with calibration (a calibration job stores it too). */
export { rocCurve } from '../../calibration/roc'
