package io.quanyun.catalog.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code meta.json} (the {@link VersionMetadata} as JSON) and {@code meta.mac} (HMAC-SM3 of
 * the exact bytes of {@code meta.json} under a key derived from the master key), so that an
 * altered row count, schema or checksum is detected like altered data.
 */
final class MetadataFiles {

    static final String METADATA = "meta.json";
    static final String MAC = "meta.mac";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MetadataFiles() {
    }

    static void write(Path directory, VersionMetadata metadata, MasterKey masterKey) throws IOException {
        write(directory.resolve(METADATA), directory.resolve(MAC), metadata, masterKey);
    }

    /** Writes the two files, which must not exist yet, and syncs them. */
    static void write(Path metadataPath, Path macPath, VersionMetadata metadata, MasterKey masterKey) throws IOException {
        byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata);
        Path metadataFile = SecureFiles.createFile(metadataPath);
        Files.write(metadataFile, json);
        Path macFile = SecureFiles.createFile(macPath);
        Files.writeString(macFile, Digests.hmacSm3Hex(masterKey.metadataMacKey(), json) + "\n", StandardCharsets.US_ASCII);
        SecureFiles.sync(metadataFile);
        SecureFiles.sync(macFile);
    }

    static VersionMetadata read(Path directory, MasterKey masterKey, String label) {
        return read(directory.resolve(METADATA), directory.resolve(MAC), masterKey, label);
    }

    static VersionMetadata read(Path metadataFile, Path macFile, MasterKey masterKey, String label) {
        byte[] json;
        String mac;
        try {
            json = Files.readAllBytes(metadataFile);
            mac = Files.readString(macFile, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new VaultCorrupted(label + ": its metadata file is missing");
        } catch (IOException e) {
            throw new VaultException(VaultError.IO, label + ": could not read its metadata", e);
        }
        VersionMetadata metadata;
        try {
            metadata = JSON.readValue(json, VersionMetadata.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new VaultCorrupted(label + ": its metadata is not valid");
        }
        if (!metadata.masterKeyId().equals(masterKey.id())) {
            throw new VaultException(VaultError.WRONG_MASTER_KEY, label + " was written under master key "
                    + metadata.masterKeyId() + ", the configured master key is " + masterKey.id());
        }
        String expected = Digests.hmacSm3Hex(masterKey.metadataMacKey(), json);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), mac.getBytes(StandardCharsets.US_ASCII))) {
            throw new VaultCorrupted(label + ": its metadata failed authentication (altered meta.json)");
        }
        return metadata;
    }
}
