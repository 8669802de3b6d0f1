export {
  accessSummary,
  buildGraph,
  collapseByAccount,
  type DiagramEdge,
  type DiagramGraph,
  type DiagramNode,
  type EdgeKind,
  type NodeKind,
  policyShortName,
} from './graph.js';
export { DEFAULT_COLLAPSE_ABOVE, type MermaidOptions, mermaidText, renderMermaid } from './mermaid.js';
export { renderSvg, type SvgOptions } from './svg.js';
