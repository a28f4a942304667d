namespace FiveHundreds.AppHost.DataStores;

// How the AppHost provides PostgreSQL and Redis. Set with the configuration key "DataStores:Mode"
// (environment DataStores__Mode); Auto picks containers where a container engine answers.
public enum DataStoreMode
{
    Auto,
    Containers,
    LocalProcesses,
}
