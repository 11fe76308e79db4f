//! Reading user-chosen files (file input or drop) into bytes, entirely in the page.

/// Reads a browser `File` into memory. Nothing leaves the page: this is the local FileReader API.
pub async fn read_bytes(file: web_sys::File) -> Result<(String, Vec<u8>), String> {
    let name = file.name();
    let file = gloo::file::File::from(file);
    gloo::file::futures::read_as_bytes(&file)
        .await
        .map(|b| (name, b))
        .map_err(|e| e.to_string())
}
