export {
  type DoctorClusterView,
  type DoctorLinkView,
  type DoctorResultView,
  parseDoctorResultView,
} from './doctor-view.js';
export { REPORT_CSP, type ReportInput, renderReport } from './report.js';
