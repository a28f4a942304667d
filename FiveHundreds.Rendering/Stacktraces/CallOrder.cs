namespace FiveHundreds.Rendering.Stacktraces;

// The order in which an exception chain and its frames are read. Most recent call first is the default on every
// surface, as Sentry shows it: the exception the application saw, then its causes; in each stack the frame that
// raised, then its callers.
public enum CallOrder { MostRecentFirst, OldestFirst }
