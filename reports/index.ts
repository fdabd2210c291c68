/**
 * Public API of the report layer: the results schema the claims engine produces, its validator, the renderers
 * (Markdown, HTML, JUnit, SVG plots) and the atomic writers/mergers of report directories.
 */
export {
  RESULTS_SCHEMA,
  type ClaimCheck,
  type ClaimResult,
  type ClaimSource,
  type ClaimStatement,
  type ClaimStatus,
  type ClaimTable,
  type Counterexample,
  type PlotPoint,
  type PlotSeries,
  type PlotSpec,
  type Quantity,
  type RunResults,
  type SeriesKind,
  type Tier,
} from './results-schema.js';
export { ReportError } from './report-error.js';
export { ID_PATTERN, isSafeRelativePath, validateResults } from './validate-results.js';
export { stableJson } from './stable-json.js';
export { escapeHtml, escapeMarkdown, escapeXml, escapeXmlAttribute, markdownCode } from './escape.js';
export { formatDuration, formatInterval, formatNumber, formatRate } from './format-number.js';
export { DASH_BY_KIND, PLOT_HEIGHT, PLOT_WIDTH, plotToVegaLite } from './plot-to-vega-lite.js';
export { renameIds, renderPlotSvg } from './render-plot-svg.js';
export { texToMathml, type RenderedTex } from './tex-to-mathml.js';
export { countsLine, reportTitle, runStatus, statusCounts, verdictMark, verdictWord, type RunStatus, type StatusCounts } from './verdict.js';
export { renderMarkdownReport } from './markdown-report.js';
export { renderHtmlReport } from './html-report.js';
export { JUNIT_CLASSNAME, renderJunitReport } from './junit-report.js';
export { recoverInterruptedDir, writeDirAtomic } from '../io/index.js';
export { REPORT_FILES, writeReport, type ExtraFile } from './write-report.js';
export { compareClaimIds, mergeResults, stripShardFlag, type MergeOptions } from './merge-results.js';
export { mergeReportDirs, readResultsDir } from './merge-report-dirs.js';
