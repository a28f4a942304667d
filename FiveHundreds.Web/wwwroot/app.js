// Small browser helpers the dashboard calls through JS interop.
window.fiveHundreds = {
    copy: (text) => navigator.clipboard.writeText(text),
};
