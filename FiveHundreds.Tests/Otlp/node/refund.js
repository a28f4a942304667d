// The same error from two lines of one function: what a line that moved between deploys looks like.
function refund(variant) {
  if (variant === 0) {
    throw new TypeError('refund 17 failed');
  }
  throw new TypeError('refund 18 failed');
}

module.exports = { refund };
