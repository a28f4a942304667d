namespace FiveHundreds.AppHost.DataStores;

public sealed class DataStoreOptions
{
    public const string SectionName = "DataStores";

    public DataStoreMode Mode { get; set; } = DataStoreMode.Auto;

    // Where local PostgreSQL keeps its data between runs; relative paths are under the AppHost folder.
    public string DataDirectory { get; set; } = ".data";
}
