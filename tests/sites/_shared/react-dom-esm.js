// ReactDOM as an ES module (see react-esm.js).
const D = window.ReactDOM;
export default D;
export const {
  createPortal,
  createRoot,
  flushSync,
  findDOMNode,
  hydrateRoot,
  render,
  unmountComponentAtNode,
  version,
} = D;
