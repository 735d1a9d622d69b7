/** The registry module's error codes (codespace "registry"). Codes are API: never renumber. */
import { registerError } from "../app/errors";

export const REGISTRY_CODESPACE = "registry";

export const ErrUnauthorizedAuthority = registerError(REGISTRY_CODESPACE, 2, "signer is not the authority");
export const ErrInvalidParams = registerError(REGISTRY_CODESPACE, 3, "invalid params");
export const ErrUnknownPlugin = registerError(REGISTRY_CODESPACE, 4, "no such plugin in this app");
export const ErrPluginVersionMismatch = registerError(REGISTRY_CODESPACE, 5, "plugin version differs from the app's plugin");
export const ErrInvalidPluginParams = registerError(REGISTRY_CODESPACE, 6, "plugin params are invalid");
export const ErrNetworkTypeNotFound = registerError(REGISTRY_CODESPACE, 7, "network type not found");
export const ErrNetworkTypeDisabled = registerError(REGISTRY_CODESPACE, 8, "network type is disabled");
export const ErrInvalidNetworkTypeName = registerError(REGISTRY_CODESPACE, 9, "invalid network type name");
export const ErrInvalidPubKey = registerError(REGISTRY_CODESPACE, 10, "invalid device public key");
export const ErrMissingDeviceSignature = registerError(REGISTRY_CODESPACE, 11, "device signature is missing");
export const ErrBadDeviceSignature = registerError(REGISTRY_CODESPACE, 12, "device signature does not verify");
export const ErrDeviceExists = registerError(REGISTRY_CODESPACE, 13, "device already registered");
export const ErrDeviceNotFound = registerError(REGISTRY_CODESPACE, 14, "device not found");
export const ErrNotOwner = registerError(REGISTRY_CODESPACE, 15, "signer does not own the device");
export const ErrInvalidMetadata = registerError(REGISTRY_CODESPACE, 16, "invalid device metadata");
export const ErrInvalidLocation = registerError(REGISTRY_CODESPACE, 17, "invalid location");
export const ErrDeviceInactive = registerError(REGISTRY_CODESPACE, 18, "device is inactive");
export const ErrPluginVeto = registerError(REGISTRY_CODESPACE, 19, "plugin refused the device");
export const ErrStaleNonce = registerError(REGISTRY_CODESPACE, 20, "device nonce must be greater than the last one used");
export const ErrLocationCooldown = registerError(REGISTRY_CODESPACE, 21, "location changed too recently");
export const ErrInvalidRequest = registerError(REGISTRY_CODESPACE, 22, "invalid request");
