// react/jsx-runtime over React.createElement, for UI kits' compiled JSX
// (see react-esm.js): jsx() gets one child, jsxs() an array of them.
const R = window.React;
export const Fragment = R.Fragment;

function element(type, props, key, many) {
  const { children, ...rest } = props ?? {};
  if (key !== undefined) rest.key = key;
  if (children === undefined) return R.createElement(type, rest);
  return many ? R.createElement(type, rest, ...children) : R.createElement(type, rest, children);
}

export const jsx = (type, props, key) => element(type, props, key, false);
export const jsxs = (type, props, key) => element(type, props, key, true);
