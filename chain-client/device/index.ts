/** The device SDK: keys, payload builders, proof and registration signing. */
export { DeviceKey, KeyType, keyTypeFromName, keyTypeName, type DeviceKeyTypeName, type ExportedDeviceKey } from "./keys";
export { payloads, PayloadCodec, type EnergyMeterMetadata, type EnergyMeterPayload, type EnvSensorMetadata, type EnvSensorPayload } from "./payloads";
export { signProof, signRegistration, proofToJson, proofFromJson, type ProofInput, type ProofJson } from "./proofs";
